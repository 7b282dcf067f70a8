// The stored message record: JSON with sorted keys (what nlohmann::json::dump wrote when the
// record was built as a document), written and read without an intermediate document.
#include "emulator/services/sqs/message_record.h"

#include <nlohmann/json.hpp>

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

// Appends `text` as a JSON string exactly as nlohmann::json::dump() writes it (UTF-8 kept,
// control characters escaped), so records are byte for byte what they were before.
void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[(c >> 4) & 15]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// Writes the members in sorted order, as nlohmann::json (an ordered map) would.
class RecordWriter {
 public:
  explicit RecordWriter(size_t reserve) { out_.reserve(reserve); }
  void Text(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(out_, value);
  }
  void Number(std::string_view key, int64_t value) {
    Key(key);
    out_.append(std::to_string(value));
  }
  void Unsigned(std::string_view key, uint64_t value) {
    Key(key);
    out_.append(std::to_string(value));
  }
  void Json(std::string_view key, const json& value) {
    Key(key);
    out_.append(value.dump());
  }
  std::string Finish() {
    out_.push_back('}');
    return std::move(out_);
  }

 private:
  void Key(std::string_view key) {
    out_.push_back(out_.empty() ? '{' : ',');
    AppendJsonString(out_, key);
    out_.push_back(':');
  }
  std::string out_;
};

}  // namespace

Message DecodeMessage(std::string_view record) {
  // One pass over the parsed members, moving strings out instead of copying them.
  json v = json::parse(record);
  Message m;
  for (auto& [key, value] : v.items()) {
    if (value.is_string()) {
      std::string& text = value.get_ref<std::string&>();
      if (key == "Body")
        m.body = std::move(text);
      else if (key == "MessageId")
        m.id = std::move(text);
      else if (key == "MD5OfBody")
        m.md5_body = std::move(text);
      else if (key == "SenderId")
        m.sender_id = std::move(text);
      else if (key == "MD5OfMessageAttributes")
        m.md5_attributes = std::move(text);
      else if (key == "MD5OfMessageSystemAttributes")
        m.md5_system_attributes = std::move(text);
      else if (key == "Receipt")
        m.receipt = std::move(text);
      else if (key == "MessageGroupId")
        m.group_id = std::move(text);
      else if (key == "MessageDeduplicationId")
        m.dedup_id = std::move(text);
      else if (key == "DeadLetterQueueSourceArn")
        m.dead_letter_source_arn = std::move(text);
    } else if (value.is_object()) {
      if (key == "MessageAttributes")
        m.attributes = std::move(value);
      else if (key == "MessageSystemAttributes")
        m.system_attributes = std::move(value);
    } else if (key == "Seq") {
      m.seq = value.get<uint64_t>();
    } else if (key == "SentMs") {
      m.sent_ms = value.get<int64_t>();
    } else if (key == "VisibleAtMs") {
      m.visible_at_ms = value.get<int64_t>();
    } else if (key == "ReceiveCount") {
      m.receive_count = value.get<int64_t>();
    } else if (key == "FirstReceiveMs") {
      m.first_receive_ms = value.get<int64_t>();
    } else if (key == "ReceivedMs") {
      m.received_ms = value.get<int64_t>();
    }
  }
  return m;
}

std::string EncodeMessage(const Message& m) {
  // nlohmann::json::dump of the record, without building the document: SendMessage wrote it
  // through a json object, 10 % of its handler. Keys in byte order.
  RecordWriter w(m.body.size() + 400);
  w.Text("Body", m.body);
  if (!m.dead_letter_source_arn.empty())
    w.Text("DeadLetterQueueSourceArn", m.dead_letter_source_arn);
  if (m.first_receive_ms != 0) w.Number("FirstReceiveMs", m.first_receive_ms);
  w.Text("MD5OfBody", m.md5_body);
  if (!m.attributes.empty()) w.Text("MD5OfMessageAttributes", m.md5_attributes);
  if (!m.system_attributes.empty()) {
    w.Text("MD5OfMessageSystemAttributes", m.md5_system_attributes);
  }
  if (!m.attributes.empty()) w.Json("MessageAttributes", m.attributes);
  if (!m.dedup_id.empty()) w.Text("MessageDeduplicationId", m.dedup_id);
  if (!m.group_id.empty()) w.Text("MessageGroupId", m.group_id);
  w.Text("MessageId", m.id);
  if (!m.system_attributes.empty()) w.Json("MessageSystemAttributes", m.system_attributes);
  if (!m.receipt.empty()) w.Text("Receipt", m.receipt);
  w.Number("ReceiveCount", m.receive_count);
  if (m.received_ms != 0) w.Number("ReceivedMs", m.received_ms);
  w.Text("SenderId", m.sender_id);
  w.Number("SentMs", m.sent_ms);
  w.Unsigned("Seq", m.seq);
  w.Number("VisibleAtMs", m.visible_at_ms);
  return w.Finish();
}

}  // namespace terrarium::services::sqs
