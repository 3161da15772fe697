// What every fuzz target of fuzz/ shares: how a broken property is reported.
//
// libFuzzer counts a crash, a sanitizer report, an uncaught exception (std::terminate aborts)
// or a timeout as a finding. Beyond those, a target checks properties of its code under test
// (a printed scenario parses again, a duration round-trips...); fuzz_check aborts with the
// property's text when one does not hold, so libFuzzer saves the input as a crash file.
#ifndef PORTOLAN_FUZZ_FUZZ_CHECK_H_
#define PORTOLAN_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string>

namespace portolan::fuzz {

inline void fuzz_check(bool ok, const char* property, const std::string& detail = "") {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %s\n%s\n", property, detail.c_str());
  std::abort();
}

}  // namespace portolan::fuzz

#endif  // PORTOLAN_FUZZ_FUZZ_CHECK_H_
