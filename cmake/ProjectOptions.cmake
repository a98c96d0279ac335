# One INTERFACE target carries the flags every tenglong target compiles with.
add_library(tenglong_options INTERFACE)
target_compile_features(tenglong_options INTERFACE cxx_std_17)
target_compile_definitions(tenglong_options INTERFACE
  GEOS_USE_ONLY_R_API                       # reentrant GEOS C API only: one context per thread
  TENGLONG_VERSION="${PROJECT_VERSION}"
  TENGLONG_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
# No fused multiply-add: the same inputs give the same bytes on every machine (GEOS and S2 do the same).
target_compile_options(tenglong_options INTERFACE -ffp-contract=off
  $<BUILD_INTERFACE:-Wall -Wextra>)
if(TENGLONG_DEVELOPER)
  target_compile_options(tenglong_options INTERFACE $<BUILD_INTERFACE:-Werror>)
endif()
if(TENGLONG_SANITIZE)
  target_compile_options(tenglong_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(tenglong_options INTERFACE -fsanitize=address,undefined)
endif()
# libFuzzer (tests/fuzz): instrument everything for coverage, ASan and UBSan; clang only.
if(TENGLONG_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TENGLONG_FUZZ needs clang: cmake -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 ...")
  endif()
  target_compile_options(tenglong_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(tenglong_options INTERFACE -fsanitize=address,undefined)
endif()
