#include "aws/time.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace snr::aws {

namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc();
}

std::optional<Timestamp> make_utc(int year, int mon, int day, int hour, int min, int sec) {
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return Clock::from_time_t(t);
}

}  // namespace

std::string format_iso8601(Timestamp t) {
  auto since = t.time_since_epoch();
  auto secs = std::chrono::floor<std::chrono::seconds>(since);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(since - secs).count();
  std::time_t tt = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  std::array<char, 40> buf{};
  std::size_t n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf.data(), n);
  if (ms != 0) {
    std::array<char, 8> frac{};
    std::snprintf(frac.data(), frac.size(), ".%03d", static_cast<int>(ms));
    out += frac.data();
  }
  out += 'Z';
  return out;
}

std::optional<Timestamp> parse_iso8601(std::string_view s) {
  int year = 0, mon = 0, day = 0, hour = 0, min = 0, sec = 0;
  if (!read_int(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !read_int(s, 5, 2, mon) ||
      s[7] != '-' || !read_int(s, 8, 2, day) || (s[10] != 'T' && s[10] != ' ') ||
      !read_int(s, 11, 2, hour) || s[13] != ':' || !read_int(s, 14, 2, min) || s[16] != ':' ||
      !read_int(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::chrono::microseconds frac{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    long long micro = 0;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) {
        micro = micro * 10 + (s[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; ++digits)
      micro *= 10;
    frac = std::chrono::microseconds(micro);
  }
  int offset_minutes = 0;
  if (pos == s.size()) {
    // No zone: AWS means UTC.
  } else if (s[pos] == 'Z' && pos + 1 == s.size()) {
  } else if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!read_int(s, pos + 1, 2, oh) || !read_int(s, pos + 4, 2, om)) return std::nullopt;
    offset_minutes = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  auto base = make_utc(year, mon, day, hour, min, sec);
  if (!base) return std::nullopt;
  return *base + std::chrono::duration_cast<Clock::duration>(frac) -
         std::chrono::minutes(offset_minutes);
}

std::optional<Timestamp> parse_http_date(std::string_view s) {
  // "Tue, 24 Nov 2026 18:13:17 GMT"
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto comma = s.find(", ");
  if (comma == std::string_view::npos) return std::nullopt;
  s.remove_prefix(comma + 2);
  int day = 0, year = 0, hour = 0, min = 0, sec = 0;
  if (s.size() < 24 || !read_int(s, 0, 2, day) || s[2] != ' ' || s[6] != ' ' ||
      !read_int(s, 7, 4, year) || s[11] != ' ' || !read_int(s, 12, 2, hour) || s[14] != ':' ||
      !read_int(s, 15, 2, min) || s[17] != ':' || !read_int(s, 18, 2, sec) || s[20] != ' ' ||
      s.substr(21) != "GMT") {
    return std::nullopt;
  }
  auto name = s.substr(3, 3);
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m] == name) return make_utc(year, static_cast<int>(m) + 1, day, hour, min, sec);
  }
  return std::nullopt;
}

Timestamp from_epoch_seconds(double seconds) {
  auto us = static_cast<long long>(std::llround(seconds * 1e6));
  return Timestamp(std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(us)));
}

}  // namespace snr::aws
