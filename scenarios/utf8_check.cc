#include "scenarios/utf8_check.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <cstdio>

namespace portolan::scenario {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

std::string why(std::string_view text, std::size_t at) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "byte 0x%02X at offset %zu", static_cast<unsigned char>(text[at]),
                at);
  return buf;
}

void walk(const Message& m, FieldPath* path, const std::string& dotted,
          std::vector<InvalidString>* out) {
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  for (int f = 0; f < d->field_count(); ++f) {
    const FieldDescriptor* field = d->field(f);
    const std::string name = dotted.empty() ? field->name() : dotted + "." + field->name();
    if (field->is_map()) {
      const FieldDescriptor* key = field->message_type()->map_key();
      const FieldDescriptor* value = field->message_type()->map_value();
      for (int i = 0; i < r->FieldSize(m, field); ++i) {
        const Message& entry = r->GetRepeatedMessage(m, field, i);
        const std::string k = entry.GetReflection()->GetString(entry, key);
        std::string v;  // an int map value has nothing to check
        if (value->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          v = entry.GetReflection()->GetString(entry, value);
        }
        for (const std::string* text : {&k, static_cast<const std::string*>(&v)}) {
          const std::size_t at = invalid_utf8_at(*text);
          if (at == std::string::npos) continue;
          FieldPath p = *path;
          p.push_back({field->name()});
          out->push_back(
              {p, text == &k ? name + " key #" + std::to_string(i) : name + "[\"" + k + "\"]",
               why(*text, at)});
        }
      }
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      const int n = field->is_repeated() ? r->FieldSize(m, field) : 1;
      for (int i = 0; i < n; ++i) {
        const std::string text =
            field->is_repeated() ? r->GetRepeatedString(m, field, i) : r->GetString(m, field);
        const std::size_t at = invalid_utf8_at(text);
        if (at == std::string::npos) continue;
        FieldPath p = *path;
        p.push_back({field->name(), field->is_repeated() ? i : -1});
        out->push_back(
            {p, field->is_repeated() ? name + "[" + std::to_string(i) + "]" : name, why(text, at)});
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < r->FieldSize(m, field); ++i) {
          path->push_back({field->name(), i});
          walk(r->GetRepeatedMessage(m, field, i), path, name + "[" + std::to_string(i) + "]", out);
          path->pop_back();
        }
      } else if (r->HasField(m, field)) {
        path->push_back({field->name()});
        walk(r->GetMessage(m, field), path, name, out);
        path->pop_back();
      }
    }
  }
}

}  // namespace

std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80;
    unsigned hi = 0xBF;  // the allowed range of the second byte (RFC 3629 table)
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::vector<InvalidString> invalid_utf8_strings(const Scenario& scenario) {
  std::vector<InvalidString> out;
  FieldPath path;
  walk(scenario, &path, "", &out);
  return out;
}

}  // namespace portolan::scenario
