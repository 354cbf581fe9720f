// Passwords, session tokens and invitation codes, on libsodium.
//
// Passwords are hashed with Argon2id (crypto_pwhash_str, at least the
// "interactive" limits: 2 passes, 64 MiB) — deliberately slow, so call these
// from the CPU pool, never from a network thread. Tokens come from the
// CSPRNG: session tokens carry 256 bits, invitation codes 100 bits in
// readable groups. Only BLAKE2b hashes of tokens and codes are stored.
// init_credentials() must run once before use; everything is thread-safe.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kreds::platform {

using token_hash = std::array<unsigned char, 32>;

result<void> init_credentials();

result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view stored_hash, std::string_view password);

// A new session token: 32 random bytes, base64url without padding.
std::string new_session_token();
// An invitation code such as "K7Q2-9XWD-M4TP-ABCD-EFGH" (Crockford base32).
std::string new_invitation_code();
// Invitation codes are compared case-insensitively and without dashes.
std::string normalize_invitation_code(std::string_view code);

token_hash hash_token(std::string_view token);

}  // namespace kreds::platform
