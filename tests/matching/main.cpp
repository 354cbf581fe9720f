// The Catch2 runner for matching_tests, kept apart so the test files rebuild alone.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
