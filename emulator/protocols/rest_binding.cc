#include "emulator/protocols/rest_binding.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "emulator/core/ascii.h"
#include "emulator/core/aws_error.h"
#include "emulator/core/encoding.h"
#include "emulator/protocols/shape_text.h"

namespace terrarium::protocols {
namespace {

using models::Location;
using models::Member;
using models::Operation;
using models::Shape;
using models::ShapeType;
using nlohmann::json;

// Raw (still percent-encoded) values of a path's labels, by label name.
using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

bool IsLabel(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool IsGreedyLabel(std::string_view segment) {
  return IsLabel(segment) && segment[segment.size() - 2] == '+';
}

// "{Key+}" -> "Key".
std::string_view LabelName(std::string_view segment) {
  segment = segment.substr(1, segment.size() - 2);
  if (!segment.empty() && segment.back() == '+') segment.remove_suffix(1);
  return segment;
}

// Matches `path` against the template segments; a trailing slash is allowed ("/bucket/" is the
// bucket), an empty label or greedy label is not ("/bucket/" has no key).
bool MatchPath(const std::vector<std::string>& segments, std::string_view path, Labels* labels) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  for (const std::string& segment : segments) {
    if (IsGreedyLabel(segment)) {
      if (path.empty()) return false;
      if (labels != nullptr) labels->emplace_back(LabelName(segment), path);
      path = {};
      continue;
    }
    auto slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    if (IsLabel(segment)) {
      if (part.empty()) return false;
      if (labels != nullptr) labels->emplace_back(LabelName(segment), part);
    } else if (part != segment) {
      return false;
    }
  }
  return path.empty();
}

bool QueryLiteralsMatch(const Operation& operation, const QueryParams& query) {
  for (const auto& [name, value] : operation.http.query_literals) {
    const std::string* actual = FindParam(query, name);
    if (actual == nullptr) return false;
    // "uploadId={UploadId}" only asks for presence; "list-type=2" asks for the value.
    if (!value.empty() && value.front() != '{' && *actual != value) return false;
  }
  return true;
}

// How many required query and header members of the input are absent and present.
std::pair<int, int> RequiredMembers(const Operation& operation, const QueryParams& query,
                                    const Headers& headers) {
  int missing = 0, present = 0;
  if (operation.input == nullptr) return {0, 0};
  for (const Member& member : operation.input->members) {
    if (!member.required) continue;
    bool found;
    if (member.location == Location::kQuery && member.shape->type != ShapeType::kMap) {
      found = FindParam(query, member.WireName()) != nullptr;
    } else if (member.location == Location::kHeader) {
      found = FindHeader(headers, member.WireName()) != nullptr;
    } else {
      continue;
    }
    ++(found ? present : missing);
  }
  return {missing, present};
}

AwsError BadValue(const Member& member, std::string_view where, std::string_view text) {
  AwsError error("SerializationException",
                 "Invalid value for " + std::string(where) + " '" + member.WireName() + "': '" +
                     std::string(text) + "'",
                 400);
  return error.With("ArgumentName", member.WireName()).With("ArgumentValue", std::string(text));
}

// One scalar from its text form, as the member's shape and location say.
json Scalar(const Member& member, const Shape& shape, std::string_view text,
            TimestampFormat fallback, std::string_view where) {
  if (shape.type == ShapeType::kBlob && !Base64Decode(text)) throw BadValue(member, where, text);
  std::optional<json> value = ScalarFromText(shape, text, TimestampFormatOf(member, fallback));
  if (!value) throw BadValue(member, where, text);
  return std::move(*value);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// Whether `text` starts with `prefix`, ASCII letters compared without case.
bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void DecodeQueryMember(const Shape& input, const Member& member, const QueryParams& query,
                       json& out) {
  const Shape& shape = *member.shape;
  if (shape.type == ShapeType::kMap) {
    // A query map collects the parameters that no other member of the input names.
    json map = json::object();
    for (const auto& [name, value] : query) {
      const std::string& parameter = name;  // clang 14 cannot capture a structured binding
      bool bound = std::any_of(input.members.begin(), input.members.end(), [&](const Member& m) {
        return m.location == Location::kQuery && &m != &member && m.WireName() == parameter;
      });
      if (bound) continue;
      if (shape.value.shape->type == ShapeType::kList) {
        map[name].push_back(value);
      } else {
        map[name] = value;
      }
    }
    if (!map.empty()) out[member.name] = std::move(map);
    return;
  }
  if (shape.type == ShapeType::kList) {
    json list = json::array();
    for (const auto& [name, value] : query) {
      if (name != member.WireName()) continue;
      list.push_back(Scalar(shape.member, *shape.member.shape, value, TimestampFormat::kIso8601,
                            "query parameter"));
    }
    if (!list.empty()) out[member.name] = std::move(list);
    return;
  }
  if (const std::string* value = FindParam(query, member.WireName())) {
    out[member.name] = Scalar(member, shape, *value, TimestampFormat::kIso8601, "query parameter");
  }
}

void DecodeHeaderValue(const Member& member, std::string_view text, json& out) {
  const Shape& shape = *member.shape;
  if (member.json_value) {
    std::optional<std::string> decoded = Base64Decode(Trim(text));
    json value = decoded ? json::parse(*decoded, nullptr, false) : json(json::value_t::discarded);
    if (value.is_discarded()) throw BadValue(member, "header", text);
    out[member.name] = std::move(value);
    return;
  }
  if (shape.type == ShapeType::kList) {
    json list = json::array();
    while (!text.empty()) {
      auto comma = text.find(',');
      std::string_view item = Trim(text.substr(0, comma));
      text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
      if (item.empty()) continue;
      list.push_back(
          Scalar(shape.member, *shape.member.shape, item, TimestampFormat::kRfc822, "header"));
    }
    out[member.name] = std::move(list);
    return;
  }
  // An empty header carries no value for anything but a string.
  if (text.empty() && shape.type != ShapeType::kString) return;
  out[member.name] = Scalar(member, shape, Trim(text), TimestampFormat::kRfc822, "header");
}

// The members of `input` bound to the request's headers, in one pass over the headers.
void DecodeIndexedHeaders(const Shape& input, const Headers& headers, json& out) {
  const auto& index = input.header_members;
  if (index.empty()) return;
  std::string lower;
  for (const auto& [name, value] : headers) {
    lower.assign(name);
    for (char& c : lower) c = AsciiLowerChar(c);
    auto it = std::lower_bound(
        index.begin(), index.end(), lower,
        [](const auto& entry, const std::string& key) { return entry.first < key; });
    for (; it != index.end() && it->first == lower; ++it)
      DecodeHeaderValue(*it->second, value, out);
  }
}

void DecodePrefixedHeaders(const Member& member, const Headers& headers, json& out) {
  std::string_view prefix = member.WireName();
  json map = json::object();
  for (const auto& [name, value] : headers) {
    // Compared in place: most requests carry none of these (x-amz-meta-*), so nothing is copied
    // for the headers that do not match.
    if (name.size() > prefix.size() && StartsWithIgnoringCase(name, prefix)) {
      map[Lower(std::string_view(name).substr(prefix.size()))] = value;
    }
  }
  if (!map.empty()) out[member.name] = std::move(map);
}

std::string HeaderText(const Member& member, const Shape& shape, const json& value) {
  return ScalarToText(shape, value, TimestampFormatOf(member, TimestampFormat::kRfc822));
}

}  // namespace

const Operation* MatchRestOperation(const models::ServiceModel& model, std::string_view method,
                                    std::string_view path, const QueryParams& query,
                                    const Headers& headers) {
  const Operation* best = nullptr;
  // Higher is better, compared in order.
  using Score = std::tuple<size_t, int, int, int, bool>;
  Score best_score{};
  auto consider = [&](const Operation& operation) {
    if (operation.http.method != method) return;
    // The query first: most operations of a method differ by a literal (?acl, ?tagging), and
    // looking one up in a short query costs less than walking the path.
    if (!QueryLiteralsMatch(operation, query)) return;
    if (!MatchPath(operation.http.path_segments, path, nullptr)) return;
    int literals = static_cast<int>(
        std::count_if(operation.http.path_segments.begin(), operation.http.path_segments.end(),
                      [](const std::string& s) { return !IsLabel(s); }));
    auto [missing, present] = RequiredMembers(operation, query, headers);
    Score score{operation.http.query_literals.size(), literals, -missing, present,
                !operation.deprecated};
    // Operations are visited by name, so a tie keeps the first.
    if (best == nullptr || score > best_score) {
      best = &operation;
      best_score = score;
    }
  };
  if (auto it = model.operations_by_method.find(method); it != model.operations_by_method.end()) {
    for (const Operation* operation : it->second) consider(*operation);
  } else if (model.operations_by_method.empty()) {  // a model not built by CompileModel
    for (const auto& [name, operation] : model.operations) consider(operation);
  }
  return best;
}

const Operation* MatchRestOperation(const models::ServiceModel& model, std::string_view method,
                                    std::string_view path, const QueryParams& query) {
  return MatchRestOperation(model, method, path, query, Headers{});
}

void DecodeRestLocations(const Operation& operation, std::string_view path,
                         const QueryParams& query, const Headers& headers, json& input) {
  if (operation.input == nullptr) return;
  Labels labels;
  MatchPath(operation.http.path_segments, path, &labels);
  DecodeIndexedHeaders(*operation.input, headers, input);
  for (const Member& member : operation.input->members) {
    switch (member.location) {
      case Location::kUri:
        for (const auto& [label, raw] : labels) {
          if (label != member.WireName()) continue;
          input[member.name] = Scalar(member, *member.shape, PercentDecode(raw),
                                      TimestampFormat::kIso8601, "URI label");
        }
        break;
      case Location::kQuery:
        DecodeQueryMember(*operation.input, member, query, input);
        break;
      case Location::kHeaders:
        DecodePrefixedHeaders(member, headers, input);
        break;
      case Location::kHeader:  // DecodeIndexedHeaders
      case Location::kBody:
      case Location::kStatusCode:
        break;
    }
  }
}

int EncodeRestLocations(const Shape& output, const json& document, Headers& headers) {
  int status = 0;
  if (!document.is_object()) return 0;
  for (const Member& member : output.members) {
    auto it = document.find(member.name);
    if (it == document.end() || it->is_null()) continue;
    const json& value = *it;
    const Shape& shape = *member.shape;
    switch (member.location) {
      case Location::kHeader:
        if (member.json_value) {
          headers[member.WireName()] = Base64Encode(value.dump());
        } else if (shape.type == ShapeType::kList && value.is_array()) {
          std::string joined;
          for (const json& item : value) {
            if (!joined.empty()) joined += ",";
            joined += HeaderText(shape.member, *shape.member.shape, item);
          }
          headers[member.WireName()] = joined;
        } else {
          headers[member.WireName()] = HeaderText(member, shape, value);
        }
        break;
      case Location::kHeaders:
        if (!value.is_object()) break;
        for (const auto& [key, item] : value.items()) {
          headers[member.WireName() + key] =
              item.is_string() ? item.get<std::string>() : item.dump();
        }
        break;
      case Location::kStatusCode:
        if (value.is_number_integer()) status = value.get<int>();
        break;
      case Location::kUri:
      case Location::kQuery:
      case Location::kBody:
        break;
    }
  }
  return status;
}

bool IsRawPayload(const models::Member& payload) {
  return payload.shape->type == models::ShapeType::kBlob ||
         payload.shape->type == models::ShapeType::kString;
}

Body RawPayloadBody(const models::Member& payload, const nlohmann::json& output,
                    RequestContext& ctx) {
  auto it = output.find(payload.name);
  if (!ctx.response_payload.empty() || it == output.end() || !it->is_string()) {
    return std::move(ctx.response_payload);
  }
  std::string text = it->get<std::string>();
  if (payload.shape->type == models::ShapeType::kBlob) {
    text = Base64Decode(text).value_or(std::string());
  }
  return Body::FromString(std::move(text));
}

bool TakeRawPayload(const models::Shape& input, HttpRequest& request, RequestContext& ctx,
                    nlohmann::json& document) {
  const models::Member* payload = input.PayloadMember();
  if (payload == nullptr || !IsRawPayload(*payload)) return false;
  if (payload->shape->type == models::ShapeType::kBlob) {
    ctx.request_payload = std::move(request.body);
  } else if (!request.body.empty()) {
    document[payload->name] = request.body.ReadAll();
  }
  return true;
}

}  // namespace terrarium::protocols
