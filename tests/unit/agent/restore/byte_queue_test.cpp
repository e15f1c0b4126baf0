#include "agent/restore/byte_queue.h"

#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::agent::restore {
namespace {

Chunk bytes(std::size_t n, char c) {
  return Chunk(n, c);
}

TEST(ByteQueue, DeliversInOrderThenEnd) {
  ByteQueue q(1 << 20);
  ASSERT_TRUE(q.push(bytes(3, 'a')));
  ASSERT_TRUE(q.push(bytes(2, 'b')));
  q.finish();
  EXPECT_EQ(*q.pop(), bytes(3, 'a'));
  EXPECT_EQ(*q.pop(), bytes(2, 'b'));
  EXPECT_FALSE(q.pop());
}

TEST(ByteQueue, BoundsTheBytesHeldAndBlocksTheProducer) {
  ByteQueue q(100);
  std::size_t max_seen = 0;
  std::thread producer([&] {
    for (int i = 0; i < 50; ++i)
      ASSERT_TRUE(q.push(bytes(30, char('a' + i % 26))));
    q.finish();
  });
  std::size_t total = 0;
  int i = 0;
  while (auto c = q.pop()) {
    max_seen = std::max(max_seen, q.queued_bytes());
    EXPECT_EQ((*c)[0], char('a' + i % 26));
    total += c->size();
    ++i;
  }
  producer.join();
  EXPECT_EQ(total, 1500u);
  EXPECT_LE(max_seen, 100u);
}

TEST(ByteQueue, RethrowsTheProducersErrorAfterTheDataBeforeIt) {
  ByteQueue q(1 << 20);
  q.push(bytes(1, 'x'));
  q.finish(std::make_exception_ptr(std::runtime_error("connection reset")));
  EXPECT_TRUE(q.pop());
  EXPECT_THROW(q.pop(), std::runtime_error);
}

TEST(ByteQueue, CancelReleasesABlockedProducer) {
  ByteQueue q(10);
  ASSERT_TRUE(q.push(bytes(10, 'x')));
  bool pushed = true;
  std::thread producer([&] { pushed = q.push(bytes(10, 'y')); });
  q.cancel();
  producer.join();
  EXPECT_FALSE(pushed);
  EXPECT_TRUE(q.cancelled());
}

TEST(ByteQueue, CancelReleasesABlockedConsumer) {
  ByteQueue q(10);
  bool threw = false;
  std::thread consumer([&] {
    try {
      q.pop();
    } catch (const Failure&) {
      threw = true;
    }
  });
  q.cancel();
  consumer.join();
  EXPECT_TRUE(threw);
}

}  // namespace
}  // namespace snr::agent::restore
