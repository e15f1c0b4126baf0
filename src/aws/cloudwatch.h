#pragma once
/// Amazon CloudWatch metrics (Query protocol).

#include <optional>
#include <string>
#include <vector>

#include "aws/client.h"
#include "aws/query.h"
#include "aws/time.h"

namespace snr::aws {

struct Dimension {
  std::string name;
  std::string value;
};

struct MetricDatum {
  std::string name;
  double value = 0;
  std::string unit = "None";           ///< "Count", "Seconds", "Bytes", "Percent", ...
  std::optional<Timestamp> timestamp;  ///< unset: the time CloudWatch receives it
  std::vector<Dimension> dimensions;
  std::optional<int> storage_resolution;  ///< 1 for high resolution, else 60
};

struct GetMetricStatisticsRequest {
  std::string namespace_;
  std::string metric_name;
  std::vector<Dimension> dimensions;
  Timestamp start_time;
  Timestamp end_time;
  int period_seconds = 60;
  std::vector<std::string> statistics{"Average"};  ///< SampleCount, Average, Sum, Minimum, Maximum
  std::string unit;                                ///< empty: any
};

struct Datapoint {
  std::optional<Timestamp> timestamp;
  std::optional<double> sample_count;
  std::optional<double> average;
  std::optional<double> sum;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::string unit;
};

class CloudWatchClient {
 public:
  static constexpr std::size_t kMaxDatumsPerCall = 1000;

  explicit CloudWatchClient(const AwsContext& context);

  /// One PutMetricData call; the caller batches (at most kMaxDatumsPerCall,
  /// else snr::Failure before anything is sent).
  void put_metric_data(const std::string& metric_namespace, const std::vector<MetricDatum>& data);
  /// Datapoints sorted by timestamp.
  std::vector<Datapoint> get_metric_statistics(const GetMetricStatisticsRequest& request);

 private:
  QueryClient query_;
};

/// Shortest text that reads back as the same double ("1.5", "1e+300").
std::string format_double(double v);

}  // namespace snr::aws
