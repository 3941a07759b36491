#pragma once
// Sender port: how sequence steps send an SMS or an email (DOMAIN.md §8). The SMS gateway and
// Gmail adapters implement it; EngineOptions::message_sender holds the one an engine uses. Until
// one is configured, every SEND_SMS / SEND_EMAIL step fails visibly (the run's lastError, then
// its SEND_FAILED branch); nothing ever pretends to have sent.

#include <optional>
#include <string>
#include <string_view>

namespace crm {

enum class MessageChannel { kSms, kEmail };

struct OutgoingMessage {
  MessageChannel channel = MessageChannel::kSms;
  // The user whose SMS gateway / email account sends it (the lead's owner, DOMAIN.md §8).
  std::string sender_user_id;
  std::string lead_id;
  std::string to;       // E.164 phone number (SMS) or email address (EMAIL)
  std::string subject;  // EMAIL only
  std::string body;
  // The same for every attempt at this step of this run: pass it to providers that accept one,
  // so a send repeated after a lost answer has effect once (delivery is at least once).
  std::string idempotency_key;
};

struct SendOutcome {
  enum class Status {
    kSent,           // the provider accepted the message
    kNotConfigured,  // the sending user has no (active) gateway / account for the channel
    kTransient,      // worth retrying: timeouts, 5xx, 429
    kPermanent,      // the provider refused this message (bad number, 4xx): no retry helps
  };
  Status status = Status::kNotConfigured;
  std::string provider_message_id;  // when sent
  std::string error;                // when not sent: shown as the run's lastError

  static SendOutcome sent(std::string provider_id) {
    return {Status::kSent, std::move(provider_id), {}};
  }
  static SendOutcome failed(Status status, std::string error) {
    return {status, {}, std::move(error)};
  }
};

// Called by the background worker from several threads at once (so thread-safe), never inside
// a database transaction: an implementation may call its provider over the network, and should
// bound that call well within the worker's 60 s lease.
class MessageSender {
 public:
  virtual ~MessageSender() = default;
  virtual SendOutcome send(const OutgoingMessage& message) = 0;
};

}  // namespace crm
