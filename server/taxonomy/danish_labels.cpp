#include "taxonomy/danish_labels.hpp"

#include <array>

namespace kreds::taxonomy {
namespace {

constexpr std::array<builtin_label, 53> labels = {{
    {"0", "Militært arbejde"},
    {"01", "Officerer"},
    {"02", "Sergenter og overkonstabler"},
    {"03", "Konstabler og menige"},
    {"1", "Ledelsesarbejde"},
    {"11", "Ledelse på øverste niveau i virksomheder, organisationer og den offentlige sektor"},
    {"12", "Ledelse inden for administration og kommerciel virksomhed"},
    {"13", "Ledelse inden for produktion og specialiseret service"},
    {"14", "Ledelse inden for hotel, restauration, detailhandel og anden service"},
    {"2", "Arbejde der forudsætter viden på højeste niveau inden for pågældende område"},
    {"21", "Arbejde inden for naturvidenskab og ingeniørvirksomhed"},
    {"22", "Arbejde inden for sundhedsområdet"},
    {"23", "Undervisning"},
    {"24", "Arbejde inden for forretningsservice og administration"},
    {"25", "Arbejde inden for informations- og kommunikationsteknologi"},
    {"26", "Arbejde inden for jura, det sociale område og kultur"},
    {"3", "Arbejde der forudsætter viden på mellemniveau"},
    {"31", "Teknikerarbejde inden for naturvidenskab og ingeniørvirksomhed"},
    {"32", "Arbejde inden for sundhedsområdet på mellemniveau"},
    {"33", "Arbejde inden for forretningsservice og administration på mellemniveau"},
    {"34", "Arbejde inden for jura, det sociale område, kultur og lignende på mellemniveau"},
    {"35", "Teknikerarbejde inden for informations- og kommunikationsteknologi"},
    {"4", "Almindeligt kontor- og kundeservicearbejde"},
    {"41", "Almindeligt kontorarbejde"},
    {"42", "Kundeservicearbejde"},
    {"43", "Registreringsarbejde inden for økonomi og materialeforvaltning"},
    {"44", "Andet kontorarbejde"},
    {"5", "Service- og salgsarbejde"},
    {"51", "Personlig service"},
    {"52", "Salgsarbejde"},
    {"53", "Omsorgs- og plejearbejde"},
    {"54", "Sikkerheds- og beredskabsarbejde"},
    {"6", "Arbejde inden for landbrug, skovbrug og fiskeri ekskl. medhjælp"},
    {"61", "Markedsorienteret landbrug og gartneri"},
    {"62", "Markedsorienteret skovbrug, fiskeri og jagt"},
    {"63", "Landbrug, fiskeri, jagt og indsamling til selvforsyning"},
    {"7", "Håndværkspræget arbejde"},
    {"71", "Bygge- og anlægsarbejde ekskl. elektrikerarbejde"},
    {"72", "Metal- og maskinarbejde"},
    {"73", "Kunsthåndværk og grafisk arbejde"},
    {"74", "Elektriker- og elektronikarbejde"},
    {"75", "Fødevarearbejde, træarbejde, beklædningsarbejde og andet håndværk"},
    {"8", "Operatør- og monteringsarbejde samt transportarbejde"},
    {"81", "Operatørarbejde ved stationære anlæg og maskiner"},
    {"82", "Monteringsarbejde"},
    {"83", "Transport- og maskinførerarbejde"},
    {"9", "Andet manuelt arbejde"},
    {"91", "Rengøring og anden medhjælp"},
    {"92", "Medhjælp inden for landbrug, skovbrug og fiskeri"},
    {"93", "Manuelt arbejde inden for råstofudvinding, bygge og anlæg, fremstilling og transport"},
    {"94", "Medhjælp ved tilberedning af mad"},
    {"95", "Gadesalg og gadeservice"},
    {"96", "Renovation og andet manuelt arbejde"},
}};

}  // namespace

std::span<const builtin_label> danish_isco_labels() { return labels; }

}  // namespace kreds::taxonomy
