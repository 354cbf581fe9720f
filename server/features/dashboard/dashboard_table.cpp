#include "features/dashboard/dashboard_table.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <stdexcept>

namespace kreds::features {

namespace json = boost::json;

namespace {

json::value cell_json(const table_cell& cell, const std::string& kind) {
  if (cell.mark == cell_mark::small) return "<5";
  if (cell.mark == cell_mark::hidden) return "..";
  if (!cell.value) return nullptr;
  if (kind == "count" || (kind != "share" && *cell.value == std::floor(*cell.value) && std::abs(*cell.value) < 1e15)) {
    return static_cast<std::int64_t>(std::llround(*cell.value));
  }
  const double places = kind == "share" ? 1000.0 : 10.0;  // shares to 0.1 percentage point
  return std::round(*cell.value * places) / places;
}

std::string number_text(double value, const std::string& kind, bool danish) {
  if (kind == "count") return std::to_string(std::llround(value));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, kind == "share" ? "%.3f" : "%.1f", value);
  std::string text(buffer);
  if (danish) {
    for (auto& ch : text) {
      if (ch == '.') ch = ',';
    }
  }
  return text;
}

std::string csv_field(const std::string& text, char separator) {
  if (text.find_first_of(std::string("\"\r\n") + separator) == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

}  // namespace

std::size_t dashboard_table::add_row(std::string key, dashboard_label label) {
  rows.push_back({std::move(key), std::move(label)});
  std::vector<table_cell> row;
  for (const auto& c : columns) row.push_back(table_cell{std::nullopt, c.kind == "count", {}, cell_mark::shown});
  cells.push_back(std::move(row));
  return rows.size() - 1;
}

std::size_t dashboard_table::column(const std::string& key) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].key == key) return i;
  }
  throw std::out_of_range("no column " + key + " in " + id);
}

void dashboard_table::set(std::size_t row, const std::string& column_key, std::optional<double> value) {
  cells.at(row).at(column(column_key)).value = value;
}

void dashboard_table::set_people(std::size_t row, const std::string& column_key, const people_tally& people) {
  auto& cell = cells.at(row).at(column(column_key));
  cell.people = people;
  cell.value = static_cast<double>(people.count);
}

void dashboard_table::add_ratio(std::size_t row, const std::string& derived_key, const std::string& numerator_key,
                                const std::string& denominator_key) {
  ratios.push_back({{row, column(derived_key)}, {row, column(numerator_key)}, {row, column(denominator_key)}});
}

void dashboard_table::add_derived(std::size_t row, const std::string& derived_key, const people_tally& population) {
  derived.push_back({{row, column(derived_key)}, population});
}

json::object table_json(const dashboard_table& table) {
  json::array columns;
  for (const auto& c : table.columns) {
    columns.push_back(
        json::object{{"key", c.key}, {"kind", c.kind}, {"label", {{"da", c.label.da}, {"en", c.label.en}}}});
  }
  json::array rows;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    json::array cells;
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      cells.push_back(cell_json(table.cells[r][c], table.columns[c].kind));
    rows.push_back(json::object{{"key", table.rows[r].key},
                                {"label", {{"da", table.rows[r].label.da}, {"en", table.rows[r].label.en}}},
                                {"cells", std::move(cells)}});
  }
  return {{"id", table.id},
          {"title", {{"da", table.title.da}, {"en", table.title.en}}},
          {"columns", std::move(columns)},
          {"rows", std::move(rows)}};
}

std::string table_csv(const dashboard_table& table, bool danish) {
  const char separator = danish ? ';' : ',';
  std::string out = "\xEF\xBB\xBF";
  out += csv_field(danish ? "Række" : "Row", separator);
  for (const auto& c : table.columns) out += separator + csv_field(danish ? c.label.da : c.label.en, separator);
  out += "\r\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    out += csv_field(danish ? table.rows[r].label.da : table.rows[r].label.en, separator);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const auto& cell = table.cells[r][c];
      std::string text;
      if (cell.mark == cell_mark::small) {
        text = "<5";
      } else if (cell.mark == cell_mark::hidden) {
        text = "..";
      } else if (cell.value) {
        text = number_text(*cell.value, table.columns[c].kind, danish);
      }
      out += separator + csv_field(text, separator);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace kreds::features
