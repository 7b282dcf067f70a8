// The stored message record. Written as a compact binary layout (parsing the JSON record was
// most of a receive's handler); records written before it, JSON objects, are still read.
//
// Binary layout (integers little-endian):
//   u8  kSqsBinaryRecordTag
//   u64 seq, i64 sent_ms, visible_at_ms, first_receive_ms, received_ms, receive_count
//   then, each as a u32 length and its bytes: id, body, md5_body, md5_attributes,
//   md5_system_attributes, sender_id, receipt, group_id, dedup_id, dead_letter_source_arn,
//   attributes and system_attributes (their JSON text, empty when there are none)
// The tag is not '{', so a record tells its layout by its first byte.
#include "emulator/services/sqs/message_record.h"

#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace terrarium::services::sqs {
namespace {

using nlohmann::json;

constexpr char kSqsBinaryRecordTag = '\x01';

class SqsRecordWriter {
 public:
  explicit SqsRecordWriter(size_t reserve) { out_.reserve(reserve); }
  void Byte(char c) { out_.push_back(c); }
  void Fixed(uint64_t value) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(value >> (8 * i));
    out_.append(bytes, 8);
  }
  void Text(std::string_view text) {
    uint32_t size = static_cast<uint32_t>(text.size());
    char bytes[4];
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(size >> (8 * i));
    out_.append(bytes, 4);
    out_.append(text);
  }
  std::string Finish() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads the binary layout; a record cut short or with lengths past its end throws, as a
// malformed JSON record did.
class SqsRecordReader {
 public:
  explicit SqsRecordReader(std::string_view record) : rest_(record) {}
  uint64_t Fixed() {
    Need(8);
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= uint64_t{static_cast<unsigned char>(rest_[i])} << (8 * i);
    rest_.remove_prefix(8);
    return value;
  }
  int64_t Signed() { return static_cast<int64_t>(Fixed()); }
  std::string_view Text() {
    Need(4);
    uint32_t size = 0;
    for (int i = 0; i < 4; ++i) size |= uint32_t{static_cast<unsigned char>(rest_[i])} << (8 * i);
    rest_.remove_prefix(4);
    Need(size);
    std::string_view text = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return text;
  }
  bool AtEnd() const { return rest_.empty(); }

 private:
  void Need(size_t bytes) const {
    if (rest_.size() < bytes) throw std::runtime_error("truncated SQS message record");
  }
  std::string_view rest_;
};

std::string SqsAttributesText(const json& object) {
  return object.empty() ? std::string() : object.dump();
}

json SqsAttributesFromText(std::string_view text) {
  return text.empty() ? json::object() : json::parse(text);
}

Message DecodeSqsBinaryRecord(std::string_view record) {
  SqsRecordReader r(record.substr(1));
  Message m;
  m.seq = r.Fixed();
  m.sent_ms = r.Signed();
  m.visible_at_ms = r.Signed();
  m.first_receive_ms = r.Signed();
  m.received_ms = r.Signed();
  m.receive_count = r.Signed();
  for (std::string* field :
       {&m.id, &m.body, &m.md5_body, &m.md5_attributes, &m.md5_system_attributes, &m.sender_id,
        &m.receipt, &m.group_id, &m.dedup_id, &m.dead_letter_source_arn}) {
    *field = r.Text();
  }
  m.attributes = SqsAttributesFromText(r.Text());
  m.system_attributes = SqsAttributesFromText(r.Text());
  if (!r.AtEnd()) throw std::runtime_error("trailing bytes in SQS message record");
  return m;
}

// Records written before the binary layout: a JSON object with sorted keys. One pass over the
// parsed members, moving strings out instead of copying them.
Message DecodeSqsJsonRecord(std::string_view record) {
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

}  // namespace

Message DecodeMessage(std::string_view record) {
  if (!record.empty() && record.front() == kSqsBinaryRecordTag)
    return DecodeSqsBinaryRecord(record);
  return DecodeSqsJsonRecord(record);
}

int64_t VisibleAtOfRecord(std::string_view record) {
  if (record.empty() || record.front() != kSqsBinaryRecordTag)
    return DecodeSqsJsonRecord(record).visible_at_ms;
  SqsRecordReader r(record.substr(1));
  r.Fixed();   // seq
  r.Signed();  // sent_ms
  return r.Signed();
}

std::string EncodeMessage(const Message& m) {
  const std::string attributes = SqsAttributesText(m.attributes);
  const std::string system_attributes = SqsAttributesText(m.system_attributes);
  SqsRecordWriter w(1 + 6 * 8 + 12 * 4 + m.id.size() + m.body.size() + m.md5_body.size() +
                    m.md5_attributes.size() + m.md5_system_attributes.size() + m.sender_id.size() +
                    m.receipt.size() + m.group_id.size() + m.dedup_id.size() +
                    m.dead_letter_source_arn.size() + attributes.size() + system_attributes.size());
  w.Byte(kSqsBinaryRecordTag);
  w.Fixed(m.seq);
  for (int64_t value :
       {m.sent_ms, m.visible_at_ms, m.first_receive_ms, m.received_ms, m.receive_count}) {
    w.Fixed(static_cast<uint64_t>(value));
  }
  for (const std::string* field :
       {&m.id, &m.body, &m.md5_body, &m.md5_attributes, &m.md5_system_attributes, &m.sender_id,
        &m.receipt, &m.group_id, &m.dedup_id, &m.dead_letter_source_arn, &attributes,
        &system_attributes}) {
    w.Text(*field);
  }
  return w.Finish();
}

}  // namespace terrarium::services::sqs
