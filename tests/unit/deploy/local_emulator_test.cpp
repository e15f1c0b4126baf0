#include "deploy/local_emulator.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace snr::deploy {
namespace {

TEST(LocalEmulator, StateFileFollowsTheEnvironmentItIsGiven) {
  EXPECT_EQ(LocalEmulator::state_file({{"XDG_STATE_HOME", "/x/state"}, {"HOME", "/home/u"}}),
            "/x/state/snr/sandbox.json");
  EXPECT_EQ(LocalEmulator::state_file({{"XDG_STATE_HOME", ""}, {"HOME", "/home/u"}}),
            "/home/u/.local/state/snr/sandbox.json");
  EXPECT_EQ(LocalEmulator::state_file({}), "/tmp/snr/sandbox.json");
}

TEST(LocalEmulator, NoneRunningWhereNoStateFileIsAndABadWaitIsRefused) {
  const util::Environment env = {{"XDG_STATE_HOME", "/nonexistent/snr-test-state"}};
  EXPECT_FALSE(LocalEmulator::running(env));
  EXPECT_FALSE(LocalEmulator::stop_running(env));
  util::Environment bad = env;
  bad["SNR_SANDBOX_WAIT_SECONDS"] = "0";
  EXPECT_THROW(LocalEmulator::running(bad), UserError);
  // Half a sandbox user would run as the emulator's default (all-powerful) user.
  util::Environment half = env;
  half["SNR_SANDBOX_ACCESS_KEY_ID"] = "AKIAEXAMPLE";
  try {
    LocalEmulator::running(half);
    ADD_FAILURE() << "a key without its secret was accepted";
  } catch (const UserError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].subject, "SNR_SANDBOX_SECRET_ACCESS_KEY");
  }
}

TEST(LocalEmulator, ItsQuirksDifferFromAws) {
  EXPECT_FALSE(TargetQuirks{}.create_stacks_directly);
  EXPECT_TRUE(LocalEmulator::quirks().create_stacks_directly);
  EXPECT_TRUE(LocalEmulator::quirks().commands_never_run);
  EXPECT_FALSE(TargetQuirks().commands_never_run);
}

}  // namespace
}  // namespace snr::deploy
