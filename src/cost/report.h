#pragma once
/// `snr cost`'s output: the estimate as text (a line per item, every
/// assumption, the price table's date and source) or as JSON.

#include <string>

#include "cost/estimate.h"
#include "cost/price_table.h"

namespace snr::cost {

/// {"region", "currency": "USD", "monthly_total_usd", "items": [{"service",
/// "description", "monthly_usd", "assumption"?}], "price_table": {"date", "source"},
/// "notes": [...]}
std::string to_json(const Estimate& e, const PriceTable& table);

/// The text report, one line per item, then the assumptions, notes and table.
std::string to_text(const Estimate& e, const PriceTable& table);

/// "about 187.31 USD/month" — the one line `snr deploy` prints before a first deploy.
std::string one_line(const Estimate& e);

}  // namespace snr::cost
