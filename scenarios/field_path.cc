#include "scenarios/field_path.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/loader.h"
#include "scenarios/suggest.h"

namespace portolan::scenario {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

struct Segment {
  std::string name;
  std::optional<int> position;
  std::optional<std::string> key;
};

[[noreturn]] void fail(std::string_view path, const std::string& why) {
  throw ScenarioError({"--set " + std::string(path) + ": " + why});
}

std::vector<Segment> parse_path(std::string_view path) {
  std::vector<Segment> out;
  std::size_t i = 0;
  while (i <= path.size()) {
    Segment seg;
    while (i < path.size() && path[i] != '.' && path[i] != '[') seg.name += path[i++];
    if (seg.name.empty()) fail(path, "empty field name at character " + std::to_string(i + 1));
    if (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) fail(path, "unclosed [");
      const std::string_view inside = path.substr(i + 1, close - i - 1);
      if (inside.size() >= 2 && inside.front() == '"' && inside.back() == '"') {
        seg.key = std::string(inside.substr(1, inside.size() - 2));
      } else {
        int n = -1;
        const auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), n);
        if (ec != std::errc() || end != inside.data() + inside.size() || n < 0) {
          fail(path, "index [" + std::string(inside) + "] is neither a position nor a \"name\"");
        }
        seg.position = n;
      }
      i = close + 1;
    }
    out.push_back(std::move(seg));
    if (i == path.size()) break;
    if (path[i] != '.') fail(path, "expected '.' at character " + std::to_string(i + 1));
    ++i;
  }
  return out;
}

// Sets one scalar (singular, or element `index` of a repeated field, or appended if -1).
void set_scalar(std::string_view path, Message* m, const FieldDescriptor* f, int index,
                const std::string& value) {
  const Reflection* r = m->GetReflection();
  const bool repeated = f->is_repeated();
  auto bad = [&] { fail(path, "\"" + value + "\" is not a " + f->cpp_type_name()); };
  auto as_int = [&]() -> long long {
    long long v = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size()) bad();
    return v;
  };
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const long long v = as_int();
      if (v < INT32_MIN || v > INT32_MAX) bad();
      if (!repeated)
        r->SetInt32(m, f, static_cast<int>(v));
      else if (index < 0)
        r->AddInt32(m, f, static_cast<int>(v));
      else
        r->SetRepeatedInt32(m, f, index, static_cast<int>(v));
      break;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const long long v = as_int();
      if (!repeated)
        r->SetInt64(m, f, v);
      else if (index < 0)
        r->AddInt64(m, f, v);
      else
        r->SetRepeatedInt64(m, f, index, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      unsigned long long v = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size()) bad();
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32) {
        if (v > UINT32_MAX) bad();
        if (!repeated)
          r->SetUInt32(m, f, static_cast<unsigned>(v));
        else if (index < 0)
          r->AddUInt32(m, f, static_cast<unsigned>(v));
        else
          r->SetRepeatedUInt32(m, f, index, static_cast<unsigned>(v));
      } else {
        if (!repeated)
          r->SetUInt64(m, f, v);
        else if (index < 0)
          r->AddUInt64(m, f, v);
        else
          r->SetRepeatedUInt64(m, f, index, v);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      std::size_t used = 0;
      double v = 0;
      try {
        v = std::stod(value, &used);
      } catch (const std::exception&) {
        bad();
      }
      if (used != value.size()) bad();
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        if (!repeated)
          r->SetDouble(m, f, v);
        else if (index < 0)
          r->AddDouble(m, f, v);
        else
          r->SetRepeatedDouble(m, f, index, v);
      } else {
        if (!repeated)
          r->SetFloat(m, f, static_cast<float>(v));
        else if (index < 0)
          r->AddFloat(m, f, static_cast<float>(v));
        else
          r->SetRepeatedFloat(m, f, index, static_cast<float>(v));
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v = false;
      if (value == "true" || value == "1")
        v = true;
      else if (value == "false" || value == "0")
        v = false;
      else
        bad();
      if (!repeated)
        r->SetBool(m, f, v);
      else if (index < 0)
        r->AddBool(m, f, v);
      else
        r->SetRepeatedBool(m, f, index, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING:
      if (!repeated)
        r->SetString(m, f, value);
      else if (index < 0)
        r->AddString(m, f, value);
      else
        r->SetRepeatedString(m, f, index, value);
      break;
    default:
      fail(path, std::string("field ") + f->name() + " is a message; name one of its fields");
  }
}

std::string element_name(const Message& element) {
  const auto* d = element.GetDescriptor();
  for (const char* key : {"name", "label"}) {
    if (const FieldDescriptor* f = d->FindFieldByName(key);
        f != nullptr && f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && !f->is_repeated()) {
      return element.GetReflection()->GetString(element, f);
    }
  }
  return {};
}

}  // namespace

namespace {

std::string type_name(const FieldDescriptor* f) {
  return std::string(f->is_repeated() ? "repeated " : "") + f->type_name();
}

// Walks `path`, recording the resolved steps in *resolved; sets the value, or with `type` given
// only records the scalar's type there.
void set_field_in_place(Scenario* scenario, std::string_view path, std::string_view value_view,
                        FieldPath* resolved, std::string* type = nullptr) {
  const std::string value(value_view);
  const std::vector<Segment> segments = parse_path(path);
  Message* m = scenario;
  auto set_scalar = [&](std::string_view p, Message* msg, const FieldDescriptor* f, int index,
                        const std::string& v) {
    if (type != nullptr && f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      *type = type_name(f);
      return;
    }
    portolan::scenario::set_scalar(p, msg, f, index, v);
  };
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const Segment& seg = segments[s];
    const bool last = s + 1 == segments.size();
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(seg.name);
    if (f == nullptr) {
      std::vector<std::string> names;
      for (int i = 0; i < m->GetDescriptor()->field_count(); ++i) {
        names.push_back(m->GetDescriptor()->field(i)->name());
      }
      fail(path, "\"" + seg.name + "\" is not a field of " + m->GetDescriptor()->name() +
                     did_you_mean(seg.name, names));
    }
    if (m == scenario && seg.name == "generate") {
      // The loader expands generators into jobs and submit_job events and clears the field
      // before any --set: a set here would change nothing, silently.
      fail(path,
           "generators are expanded into jobs when the file loads, before --set applies; set a "
           "generated job by its name (e.g. jobs[\"svc-01\"].groups[0].count) or edit the "
           "generator in the file");
    }
    resolved->push_back({seg.name, seg.position.value_or(-1)});
    const Reflection* r = m->GetReflection();
    if (f->is_map()) {
      if (!seg.key || !last)
        fail(path, seg.name + " is a map: set it as " + seg.name + "[\"key\"]");
      if (type != nullptr) {
        *type = type_name(f->message_type()->map_value());
        return;
      }
      // Map entries are a repeated message of {key, value}: replace or add.
      const FieldDescriptor* key_f = f->message_type()->map_key();
      const FieldDescriptor* val_f = f->message_type()->map_value();
      for (int i = 0; i < r->FieldSize(*m, f); ++i) {
        Message* entry = r->MutableRepeatedMessage(m, f, i);
        if (entry->GetReflection()->GetString(*entry, key_f) == *seg.key) {
          set_scalar(path, entry, val_f, -1, value);
          return;
        }
      }
      Message* entry = r->AddMessage(m, f);
      entry->GetReflection()->SetString(entry, key_f, *seg.key);
      set_scalar(path, entry, val_f, -1, value);
      return;
    }
    if (!f->is_repeated()) {
      if (seg.position || seg.key) fail(path, seg.name + " is not a list; drop the index");
      if (last) {
        set_scalar(path, m, f, -1, value);
        return;
      }
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        fail(path, seg.name + " is a " + f->cpp_type_name() + ", it has no fields");
      }
      m = r->MutableMessage(m, f);
      continue;
    }
    // Repeated.
    const int size = r->FieldSize(*m, f);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      if (!last) fail(path, seg.name + " is a list of " + f->cpp_type_name() + "s");
      if (!seg.position && !seg.key) {  // the whole list, comma-separated
        if (type != nullptr) {
          *type = type_name(f);
          return;
        }
        r->ClearField(m, f);
        std::size_t start = 0;
        while (start <= value.size() && !value.empty()) {
          const std::size_t comma = value.find(',', start);
          const std::string item =
              value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          set_scalar(path, m, f, -1, item);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        return;
      }
      if (seg.key) fail(path, seg.name + " is a list of values: index it by position");
      if (*seg.position > size) {
        fail(path, seg.name + "[" + std::to_string(*seg.position) + "] is past the end (" +
                       std::to_string(size) + " elements)");
      }
      set_scalar(path, m, f, *seg.position == size ? -1 : *seg.position, value);
      return;
    }
    if (last) fail(path, seg.name + " is a list of messages; name one of their fields");
    if (seg.key) {
      Message* found = nullptr;
      for (int i = 0; i < size && found == nullptr; ++i) {
        Message* element = r->MutableRepeatedMessage(m, f, i);
        if (element_name(*element) == *seg.key) found = element;
      }
      if (found == nullptr) fail(path, seg.name + " has no element named \"" + *seg.key + "\"");
      for (int i = 0; i < size; ++i) {
        if (r->MutableRepeatedMessage(m, f, i) == found) resolved->back().index = i;
      }
      m = found;
    } else if (seg.position) {
      if (*seg.position > size) {
        fail(path, seg.name + "[" + std::to_string(*seg.position) + "] is past the end (" +
                       std::to_string(size) + " elements)");
      }
      m = *seg.position == size ? r->AddMessage(m, f)
                                : r->MutableRepeatedMessage(m, f, *seg.position);
    } else {
      fail(path, seg.name + " is a list: index it, e.g. " + seg.name + "[0] or " + seg.name +
                     "[\"name\"]");
    }
  }
}

}  // namespace

// All or nothing: a path that fails half-way (e.g. appending an element, then a bad value)
// leaves the scenario as it was.
FieldPath set_field(Scenario* scenario, std::string_view path, std::string_view value) {
  // The edit happens on a copy of the one top-level field the path starts in (the walk never
  // leaves it), swapped in on success: copying the whole scenario per --set made many sets on
  // a large scenario quadratic. A path whose first name is no field fails whatever the copy.
  Scenario edited;
  const FieldDescriptor* top = nullptr;
  FieldPath resolved;
  try {
    const std::vector<Segment> segments = parse_path(path);
    top = segments.empty() ? nullptr : Scenario::descriptor()->FindFieldByName(segments[0].name);
    if (top != nullptr) {
      const Reflection* r = scenario->GetReflection();
      Scenario field_only;
      r->SwapFields(scenario, &field_only, {top});  // O(1): moves the field out
      edited = field_only;                          // copies that field alone
      r->SwapFields(scenario, &field_only, {top});  // and back
    }
    set_field_in_place(&edited, path, value, &resolved);
  } catch (const ScenarioError& e) {
    // "--set PATH: why" becomes "--set PATH=VALUE: why", the assignment as the user typed it.
    const std::string prefix = "--set " + std::string(path) + ":";
    std::string text = e.what();
    if (text.rfind(prefix, 0) == 0) {
      text =
          "--set " + std::string(path) + "=" + std::string(value) + text.substr(prefix.size() - 1);
    }
    throw ScenarioError({text});
  }
  if (top != nullptr) scenario->GetReflection()->SwapFields(scenario, &edited, {top});
  return resolved;
}

void apply_set(LoadedScenario* loaded, std::string_view path, std::string_view value,
               std::string_view origin) {
  FieldPath resolved = set_field(&loaded->scenario, path, value);
  loaded->overrides.push_back(
      {std::move(resolved), std::string(origin) + std::string(path) + "=" + std::string(value)});
}

std::string field_type(const Scenario& scenario, std::string_view path) {
  Scenario copy = scenario;
  FieldPath resolved;
  std::string type;
  set_field_in_place(&copy, path, "", &resolved, &type);
  return type;
}

}  // namespace portolan::scenario
