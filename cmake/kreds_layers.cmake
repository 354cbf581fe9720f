# kreds_layer(target folder [SOURCE dir]): gives `target` an include root of
# its own in which only `folder` is visible, so its headers are included as
# "folder/name.hpp" (e.g. "platform/hub.hpp", "features/chat/chat.hpp").
# `dir` defaults to server/<folder>.
#
# This is how the layers of docs/architecture.md are enforced by the build:
# a target sees another folder's headers only by linking that folder's
# target, so an include of a layer it may not use fails to compile, and
# each CMakeLists.txt states what its folder may use by what it links.
# scripts/check_layers.sh states the same rules and checks them without a
# build.
function(kreds_layer target folder)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "SOURCE" "")
  if(NOT arg_SOURCE)
    set(arg_SOURCE "${PROJECT_SOURCE_DIR}/server/${folder}")
  endif()
  set(root "${CMAKE_BINARY_DIR}/include_roots/${target}")
  get_filename_component(parent "${root}/${folder}" DIRECTORY)
  file(MAKE_DIRECTORY "${parent}")
  file(CREATE_LINK "${arg_SOURCE}" "${root}/${folder}" SYMBOLIC)
  target_include_directories(${target} PUBLIC "${root}")
endfunction()

# kreds_feature(name SOURCES files... USES other features...): the library
# kreds::feature_<name> of server/features/<name>/. Every feature uses the
# platform and features/common; USES names the other features it may call.
function(kreds_feature name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;USES")
  set(target kreds_feature_${name})
  add_library(${target} STATIC ${arg_SOURCES})
  add_library(kreds::feature_${name} ALIAS ${target})
  kreds_layer(${target} features/${name})
  if(name STREQUAL "common")
    target_link_libraries(${target} PUBLIC kreds::platform)
  else()
    target_link_libraries(${target} PUBLIC kreds::feature_common)
  endif()
  foreach(other IN LISTS arg_USES)
    target_link_libraries(${target} PUBLIC kreds::feature_${other})
  endforeach()
  # One precompiled header for every feature (and the application): common's,
  # built with the platform's public flags (the platform's own carries its
  # private toml++ definition, so it cannot be shared).
  if(name STREQUAL "common")
    target_precompile_headers(${target} PRIVATE
      <boost/asio/awaitable.hpp> <boost/asio/use_awaitable.hpp> <boost/json.hpp> <spdlog/spdlog.h>)
  else()
    target_precompile_headers(${target} REUSE_FROM kreds_feature_common)
  endif()
  kreds_set_warnings(${target})
endfunction()
