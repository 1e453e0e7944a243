// A text question's `pattern` (docs/survey-format.md), run with RE2: matching takes time linear in
// the answer's length, needs no recursion and at most max_pattern_memory_bytes, whatever the
// pattern. (std::regex backtracks: `^([a-zA-Z]+ ?)+$` froze the kiosk for 11 s on 29 letters and
// `(.|\s)*` overflowed the stack on 5000.) The one home of RE2 in the project.
#pragma once

#include <cstdint>
#include <string>

namespace standpoint {

// What RE2 may use to compile and run one pattern (its program and DFA cache). A pattern that
// needs more is refused when the survey is loaded.
inline constexpr std::int64_t max_pattern_memory_bytes = 1 << 20;

// Why RE2 cannot take `pattern`, in words for the survey's author; "" when it can. RE2 has no
// backreferences or lookaround, so such a pattern is refused here rather than met by a resident.
std::string text_pattern_problem(const std::string& pattern);

// Whether the WHOLE of `text` (valid UTF-8) matches `pattern`. A pattern RE2 cannot take (which
// the loader refuses) matches any text: a question nobody can get past would be worse.
bool matches_text_pattern(const std::string& pattern, const std::string& text);

}  // namespace standpoint
