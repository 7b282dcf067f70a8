# Clean-build speed (docs/reliability.md, "Build time"). CI clones fresh with an empty ccache on
# two cores, so every minute of compiling is a minute of its 20-minute budget.
#
# - Precompiled headers: every library and executable of the tree precompiles
#   cmake/precompiled.h (nlohmann/json, fmt and the standard headers nearly every file parses);
#   targets that link GoogleTest precompile gtest.h as well. Targets are found by walking the
#   directories, so a new library or test binary needs no edit here.
# - Test code (targets that link GoogleTest) compiles at -O0: the tests take milliseconds
#   either way, while -O3 made the test files the slowest of the build. The code under test
#   keeps the build type's flags.
# - Unity batches: CMAKE_UNITY_BUILD=ON (scripts/build.sh sets it) compiles the sources of a
#   target in batches of TERRARIUM_UNITY_BATCH, so each batch instantiates json's templates once
#   instead of once per file. Names in anonymous namespaces must then be unique within a target
#   (scripts/check_unity_names.py, the unit test unity_names_are_unique, checks it).
# - lld links when the compiler accepts -fuse-ld=lld (GNU ld takes several times longer on the
#   sanitizer build's test binary).

# On for the sanitizer build only: with the header precompiled, GCC 12 at -O3 reports false
# -Wstringop-overflow errors inside libstdc++'s string concatenation (seen in dispatcher.cc and
# model_validation.cc), which -Werror turns into a failed release build.
option(TERRARIUM_PCH "Precompile cmake/precompiled.h in every target" ${TERRARIUM_SANITIZE})
set(TERRARIUM_UNITY_BATCH 16 CACHE STRING "Sources per unity batch when CMAKE_UNITY_BUILD is on")
set(CMAKE_UNITY_BUILD_BATCH_SIZE ${TERRARIUM_UNITY_BATCH})

include(CheckLinkerFlag)
check_linker_flag(CXX -fuse-ld=lld TERRARIUM_HAS_LLD)
if(TERRARIUM_HAS_LLD)
  add_link_options(-fuse-ld=lld)
endif()

if(CCACHE_PROGRAM)
  # ccache caches compilations that include a precompiled header only with this sloppiness.
  set(ccache_launcher ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros
                      ${CCACHE_PROGRAM})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${ccache_launcher})
  set(CMAKE_C_COMPILER_LAUNCHER ${ccache_launcher})
endif()

function(terrarium_targets_below dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    terrarium_targets_below(${subdir} below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Called once, after every add_subdirectory of the top-level CMakeLists.txt.
function(terrarium_precompile_headers)
  # The fuzz build (clang, sanitizer coverage) keeps plain includes.
  if(NOT TERRARIUM_PCH OR TERRARIUM_FUZZ)
    return()
  endif()
  terrarium_targets_below(${CMAKE_SOURCE_DIR} targets)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    get_target_property(sources ${target} SOURCES)
    list(LENGTH sources source_count)
    # A header precompiled for one or two files costs more than it saves.
    if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE|OBJECT_LIBRARY)$" OR source_count LESS 3)
      continue()
    endif()
    target_precompile_headers(${target} PRIVATE ${CMAKE_SOURCE_DIR}/cmake/precompiled.h)
    get_target_property(links ${target} LINK_LIBRARIES)
    if(links MATCHES "GTest::")
      target_precompile_headers(${target} PRIVATE <gtest/gtest.h>)
      target_compile_options(${target} PRIVATE -O0)
    endif()
  endforeach()
endfunction()
