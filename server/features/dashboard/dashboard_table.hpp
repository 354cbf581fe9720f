// One table of the municipality's dashboard, as shown beside a chart and
// exported as CSV: columns with a kind (how a number is read), labelled
// rows, and cells already protected by protect_cells(). The JSON
// and the CSV carry the same cells: a number, "<5", ".." or nothing.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <vector>

#include "features/common/feature.hpp"
#include "features/dashboard/disclosure.hpp"

namespace kreds::features {

struct dashboard_label {
  std::string da;
  std::string en;
};

struct dashboard_column {
  std::string key;
  std::string kind;  // count, share, weeks, minutes, hours, days, number
  dashboard_label label;
};

struct dashboard_row {
  std::string key;
  dashboard_label label;
};

struct dashboard_table {
  dashboard_table(std::string table_id, dashboard_label table_title)
      : id(std::move(table_id)), title(std::move(table_title)) {}

  std::string id;
  dashboard_label title;
  std::vector<dashboard_column> columns;
  std::vector<dashboard_row> rows;
  cell_grid cells;  // rows x columns
  // What is computed from the counts or from people, for protect_cells().
  std::vector<ratio_relation> ratios;
  std::vector<derived_relation> derived;

  // Appends a row of empty cells; people_count marks the columns of kind "count".
  std::size_t add_row(std::string key, dashboard_label label);
  std::size_t column(const std::string& key) const;  // throws std::out_of_range
  void set(std::size_t row, const std::string& column_key, std::optional<double> value);
  // A count of people (a column of kind "count"): perturbed by protect().
  void set_people(std::size_t row, const std::string& column_key, const people_tally& people);
  // cells[row][derived] = numerator / denominator, from their published values.
  void add_ratio(std::size_t row, const std::string& derived_key, const std::string& numerator_key,
                 const std::string& denominator_key);
  // cells[row][derived] stands only when `population` is large enough.
  void add_derived(std::size_t row, const std::string& derived_key, const people_tally& population);
  const table_cell& cell(std::size_t row, const std::string& column_key) const {
    return cells.at(row).at(column(column_key));
  }
  void protect() { protect_cells(cells, ratios, derived); }
};

boost::json::object table_json(const dashboard_table& table);

// RFC 4180 CSV with a header row. Danish: ';' between fields and a decimal
// comma (what a Danish spreadsheet opens); English: ',' and a point. Starts
// with a UTF-8 byte order mark so spreadsheets read æ, ø and å.
std::string table_csv(const dashboard_table& table, bool danish);

}  // namespace kreds::features
