#include "cost/report.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

namespace snr::cost {
namespace {

std::string usd(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

/// Cents, so JSON carries what the text shows.
double round_cents(double v) { return std::round(v * 100) / 100; }

}  // namespace

std::string to_json(const Estimate& e, const PriceTable& table) {
  nlohmann::ordered_json j;
  j["region"] = e.region;
  j["currency"] = "USD";
  j["monthly_total_usd"] = round_cents(e.total());
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const auto& i : e.items) {
    nlohmann::ordered_json item{{"service", i.service},
                                {"description", i.description},
                                {"monthly_usd", round_cents(i.monthly_usd)}};
    if (i.assumption) item["assumption"] = *i.assumption;
    items.push_back(std::move(item));
  }
  j["items"] = std::move(items);
  j["notes"] = e.notes;
  j["price_table"] = {{"date", table.date}, {"source", table.source}};
  return j.dump(2) + "\n";
}

std::string to_text(const Estimate& e, const PriceTable& table) {
  std::ostringstream out;
  out << "Monthly cost estimate for " << e.region << " (USD, on-demand list prices, 730 h/month)\n";
  std::size_t width = 0;
  for (const auto& i : e.items)
    width = std::max(width, i.service.size());
  for (const auto& i : e.items) {
    std::string amount = usd(i.monthly_usd);
    out << "  " << i.service << std::string(width - i.service.size() + 2, ' ')
        << std::string(amount.size() < 9 ? 9 - amount.size() : 0, ' ') << amount << "  "
        << i.description << (i.assumption ? "  [assumed]" : "") << '\n';
  }
  out << "  " << std::string(width + 2, ' ') << std::string(9, '-') << '\n';
  std::string total = usd(e.total());
  out << "  total" << std::string(width > 3 ? width - 3 : 0, ' ')
      << std::string(total.size() < 9 ? 9 - total.size() : 0, ' ') << total
      << "  USD per month\n";
  bool any = false;
  for (const auto& i : e.items) {
    if (!i.assumption) continue;
    if (!any) out << "Assumptions (each settable):\n";
    any = true;
    out << "  - " << i.service << ": " << *i.assumption << '\n';
  }
  for (const auto& n : e.notes)
    out << n << '\n';
  out << "Prices: bundled table of " << table.date << "; source: " << table.source << '\n';
  return out.str();
}

std::string one_line(const Estimate& e) {
  return "about " + usd(e.total()) + " USD/month in " + e.region +
         " at on-demand list prices (details: snr cost)";
}

}  // namespace snr::cost
