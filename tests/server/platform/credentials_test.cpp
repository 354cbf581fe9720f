#include <catch2/catch.hpp>

#include <set>

#include "platform/credentials.hpp"

using namespace kreds;
using namespace kreds::platform;

TEST_CASE("credentials: a password verifies against its Argon2id hash and nothing else", "[credentials]") {
  REQUIRE(init_credentials());
  auto hash = hash_password("correct horse battery");
  REQUIRE(hash);
  CHECK_THAT(*hash, Catch::StartsWith("$argon2id$"));
  CHECK(hash->find("correct horse") == std::string::npos);
  CHECK(verify_password(*hash, "correct horse battery"));
  CHECK_FALSE(verify_password(*hash, "correct horse battery "));
  CHECK_FALSE(verify_password(*hash, ""));
  CHECK_FALSE(verify_password("", "anything"));
  CHECK_FALSE(verify_password("not a hash", "anything"));
  auto again = hash_password("correct horse battery");
  REQUIRE(again);
  CHECK(*again != *hash);  // salted
}

TEST_CASE("credentials: session tokens are long, random and hashed", "[credentials]") {
  REQUIRE(init_credentials());
  std::set<std::string> tokens;
  for (int i = 0; i < 200; ++i) tokens.insert(new_session_token());
  CHECK(tokens.size() == 200);
  const auto token = *tokens.begin();
  CHECK(token.size() == 43);  // 32 bytes, base64url without padding: 256 bits
  CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(hash_token(token) == hash_token(token));
  CHECK(hash_token(token) != hash_token(*std::next(tokens.begin())));
}

TEST_CASE("credentials: invitation codes are readable and compared loosely", "[credentials]") {
  REQUIRE(init_credentials());
  const auto code = new_invitation_code();
  CHECK(code.size() == 24);
  CHECK(code[4] == '-');
  CHECK(code.find_first_of("ILOU") == std::string::npos);
  std::string lower;
  for (char ch : code) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  CHECK(normalize_invitation_code(lower) == normalize_invitation_code(code));
  CHECK(normalize_invitation_code(code).size() == 20);
  CHECK(new_invitation_code() != code);
}
