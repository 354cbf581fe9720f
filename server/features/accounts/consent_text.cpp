#include "features/accounts/consent_text.hpp"

#include <boost/json/array.hpp>

namespace kreds::features {

boost::json::object consent_text_json() {
  const boost::json::array da{
      "Kreds er kommunens værktøj til jobnetværk: små grupper af jobsøgende, der hjælper hinanden videre, "
      "med en jobrådgiver som facilitator.",
      "Vi gemmer det, du selv skriver i din profil: dine jobmål og kompetencer (fra den europæiske "
      "ESCO-klassifikation), sprog, postnummer, hvornår du kan mødes, om du foretrækker fysiske eller online "
      "møder, din målgruppe, hvornår din ledighed begyndte, dit uddannelsesniveau og en kort præsentation.",
      "Formålet er at sætte dig i et netværk, der passer til dig, og at følge med i, om netværkene hjælper. "
      "Vi bruger aldrig køn, statsborgerskab, etnicitet eller helbredsoplysninger til at placere dig.",
      "Din jobrådgiver kan se din profil. Hvert opslag logges med dato og formål, og du kan selv se loggen. "
      "De andre i dit netværk ser kun dit navn og det, du deler i netværket.",
      "Du kan til enhver tid trække dit samtykke tilbage. Så stopper din deltagelse, og dine oplysninger "
      "slettes eller anonymiseres efter de regler, der står i Kreds' dokumentation, undtagen det, loven kræver "
      "at kommunen gemmer.",
  };
  const boost::json::array en{
      "Kreds is the municipality's tool for job networks: small groups of job seekers who help each other on, "
      "with a caseworker as facilitator.",
      "We store what you write in your profile yourself: your job goals and skills (from the European ESCO "
      "classification), languages, postcode, when you can meet, whether you prefer meeting in person or online, "
      "your target group, when your unemployment began, your level of education and a short introduction.",
      "The purpose is to place you in a network that suits you, and to follow whether the networks help. "
      "We never use gender, citizenship, ethnicity or health information to place you.",
      "Your caseworker can see your profile. Every look-up is logged with its date and purpose, and you can see "
      "the log yourself. The others in your network see only your name and what you share in the network.",
      "You can withdraw your consent at any time. Your participation then stops, and your data is deleted or "
      "anonymised by the rules in Kreds' documentation, except what the law requires the municipality to keep.",
  };
  return boost::json::object{
      {"version", consent_version},
      {"title", boost::json::object{{"da", "Hvad Kreds gemmer, og hvorfor"}, {"en", "What Kreds stores, and why"}}},
      {"paragraphs", boost::json::object{{"da", da}, {"en", en}}},
  };
}

}  // namespace kreds::features
