#include "adapters/ai/openai_chat.hpp"

#include <boost/json/serialize.hpp>

namespace crm::providers {
namespace {
namespace json = boost::json;

class OpenAiChat final : public ChatModel {
 public:
  OpenAiChat(std::shared_ptr<http::Client> client, wire::Endpoint endpoint, ChatSettings settings)
      : provider_("AI", std::move(client), std::move(endpoint)), settings_(std::move(settings)) {}

  std::string complete(const std::vector<ChatMessage>& messages) override {
    json::array wire_messages;
    for (const auto& m : messages)
      wire_messages.push_back(json::object{{"role", m.role}, {"content", m.content}});
    http::Request request = wire::request("POST", provider_.url("/chat/completions"));
    request.headers = {{"Authorization", "Bearer " + provider_.endpoint().api_key},
                       {"Content-Type", "application/json"}};
    request.body = json::serialize(json::object{{"model", settings_.model},
                                                {"messages", std::move(wire_messages)},
                                                {"temperature", settings_.temperature},
                                                {"max_tokens", settings_.max_tokens}});
    const json::value body = provider_.json_of(provider_.send(std::move(request)));
    const json::value* choices = wire::member(body, "choices");
    if (!choices || !choices->is_array() || choices->get_array().empty())
      provider_.fail("response has no choices");
    const json::value* message = wire::member(choices->get_array().front(), "message");
    const json::value* content = message ? wire::member(*message, "content") : nullptr;
    std::string text;
    if (content && content->is_string()) {
      text = std::string(content->get_string());
    } else if (content && content->is_array()) {  // content parts: [{type: "text", text}]
      for (const json::value& part : content->get_array())
        if (auto t = wire::string_at(part, "text")) text += *t;
    } else {
      if (message)
        if (auto refusal = wire::string_at(*message, "refusal"); refusal && !refusal->empty())
          provider_.fail("the model refused: " + *refusal);
      provider_.fail("response has no message content");
    }
    return text;
  }

 private:
  wire::Provider provider_;
  ChatSettings settings_;
};

}  // namespace

std::shared_ptr<ChatModel> make_openai_chat(std::shared_ptr<http::Client> client,
                                            wire::Endpoint endpoint, ChatSettings settings) {
  return std::make_shared<OpenAiChat>(std::move(client), std::move(endpoint), std::move(settings));
}

}  // namespace crm::providers
