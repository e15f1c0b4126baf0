# Warning flags shared by every target of the project.
add_library(snr_warnings INTERFACE)
target_compile_options(snr_warnings INTERFACE -Wall -Wextra -Wpedantic)
if(SNR_WERROR)
  target_compile_options(snr_warnings INTERFACE -Werror)
endif()
