// Which citizen a staff member may read one by one (docs/privacy.md,
// "Withdrawn consent"): the one check behind every staff read of a named
// seeker — profile, triage, case outcome. The seeker must be of the
// caller's municipality (else not found, exactly like an id that does not
// exist) and must not have withdrawn consent: after a withdrawal, staff no
// longer see the citizen's profile, answers or outcome (forbidden, saying
// so). What the law keeps (the track decisions and the consent record, for
// retention.case_records_days) stays in the database and the citizen's
// export, not on staff screens. Run on a storage thread; may throw
// SQLite::Exception.
#pragma once

#include <cstdint>

#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace SQLite {
class Database;
}  // namespace SQLite

namespace kreds::features {

// The seeker's display name when `who` may read them; else not_found or forbidden.
result<std::string> readable_seeker(SQLite::Database& db, const caller& who, std::int64_t seeker);

}  // namespace kreds::features
