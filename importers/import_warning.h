// What an import could not carry into the scenario, said where it applies.
//
// Every jobspec or snapshot field that affects placement, networking, lifecycle or discovery
// either maps onto the schema or becomes an ImportWarning naming the file, the line and column
// where known (HCL jobspecs; 0 for API JSON), and the job/group/task path. Nothing is dropped
// silently.
#ifndef PORTOLAN_IMPORTERS_IMPORT_WARNING_H_
#define PORTOLAN_IMPORTERS_IMPORT_WARNING_H_

#include <stdexcept>
#include <string>
#include <vector>

namespace portolan::importers {

struct ImportWarning {
  std::string file;
  int line = 0;  // 0: unknown
  int column = 0;
  std::string job;      // the path it applies to; empty parts are above that level
  int group = -1;       // index into the imported job's groups
  int task = -1;        // index into that group's tasks
  std::string where;    // "job \"web\" group \"app\" task \"nginx\""
  std::string message;  // "vault is not modelled"

  // "FILE:LINE:COLUMN: WHERE: MESSAGE" (LINE and COLUMN only when known).
  std::string to_string() const;
};

// Input an import cannot proceed with (unreadable file, invalid JSON, HCL errors): each line
// "FILE:LINE:COLUMN: message" where the position is known.
class ImportError : public std::runtime_error {
 public:
  explicit ImportError(std::vector<std::string> problems)
      : std::runtime_error(problems.empty() ? "import failed" : problems.front()),
        problems_(std::move(problems)) {}
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

}  // namespace portolan::importers

#endif  // PORTOLAN_IMPORTERS_IMPORT_WARNING_H_
