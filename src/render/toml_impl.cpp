/// The one translation unit that compiles toml++'s implementation
/// (everything else includes it with TOML_HEADER_ONLY=0).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
