#include "aws/cloudwatch.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "aws/xml.h"
#include "util/error.h"

namespace snr::aws {

namespace {

void add_dimensions(Params& p, const std::string& prefix, const std::vector<Dimension>& dims) {
  for (std::size_t i = 0; i < dims.size(); ++i) {
    std::string d = prefix + "Dimensions.member." + std::to_string(i + 1) + ".";
    p.emplace_back(d + "Name", dims[i].name);
    p.emplace_back(d + "Value", dims[i].value);
  }
}

}  // namespace

std::string format_double(double v) {
  std::array<char, 64> buf{};
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), r.ptr);
}

CloudWatchClient::CloudWatchClient(const AwsContext& context)
    : query_(context, Service::cloudwatch) {}

void CloudWatchClient::put_metric_data(const std::string& metric_namespace,
                                       const std::vector<MetricDatum>& data) {
  if (data.size() > kMaxDatumsPerCall) {
    throw Failure("CloudWatch PutMetricData: " + std::to_string(data.size()) +
                  " datums in one call; the limit is " + std::to_string(kMaxDatumsPerCall));
  }
  Params p{{"Namespace", metric_namespace}};
  for (std::size_t i = 0; i < data.size(); ++i) {
    const MetricDatum& d = data[i];
    if (!std::isfinite(d.value)) {
      throw Failure("CloudWatch PutMetricData: metric " + d.name + " has a non-finite value");
    }
    std::string prefix = "MetricData.member." + std::to_string(i + 1) + ".";
    p.emplace_back(prefix + "MetricName", d.name);
    p.emplace_back(prefix + "Value", format_double(d.value));
    p.emplace_back(prefix + "Unit", d.unit.empty() ? "None" : d.unit);
    if (d.timestamp) p.emplace_back(prefix + "Timestamp", format_iso8601(*d.timestamp));
    if (d.storage_resolution) {
      p.emplace_back(prefix + "StorageResolution", std::to_string(*d.storage_resolution));
    }
    add_dimensions(p, prefix, d.dimensions);
  }
  query_.call("PutMetricData", p);
}

std::vector<Datapoint> CloudWatchClient::get_metric_statistics(
    const GetMetricStatisticsRequest& r) {
  Params p{{"Namespace", r.namespace_},
           {"MetricName", r.metric_name},
           {"StartTime", format_iso8601(r.start_time)},
           {"EndTime", format_iso8601(r.end_time)},
           {"Period", std::to_string(r.period_seconds)}};
  add_dimensions(p, "", r.dimensions);
  add_list(p, "Statistics", r.statistics);
  if (!r.unit.empty()) p.emplace_back("Unit", r.unit);
  QueryResponse resp = query_.call("GetMetricStatistics", p);
  std::vector<Datapoint> out;
  for (pugi::xml_node m : xml::items(resp.result.child("Datapoints"))) {
    out.push_back({xml::timestamp(m, "Timestamp"), xml::number(m, "SampleCount"),
                   xml::number(m, "Average"), xml::number(m, "Sum"), xml::number(m, "Minimum"),
                   xml::number(m, "Maximum"), xml::text(m, "Unit")});
  }
  std::sort(out.begin(), out.end(),
            [](const Datapoint& a, const Datapoint& b) { return a.timestamp < b.timestamp; });
  return out;
}

}  // namespace snr::aws
