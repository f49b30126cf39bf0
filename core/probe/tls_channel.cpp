#include "core/probe/tls_channel.hpp"

namespace sipsurv::probe {
namespace {

class OpensslChannel final : public TlsChannel
{
public:
  explicit OpensslChannel(std::unique_ptr<tls::TlsSession> session) : m_session(std::move(session)) {}

  tls::TlsStep handshake() override { return m_session->handshake(); }
  tls::TlsStep write(std::string_view data, std::size_t& moved) override { return m_session->write(data, moved); }
  tls::TlsStep read(std::span<char> buffer, std::size_t& moved) override { return m_session->read(buffer, moved); }
  const std::string& error() const override { return m_session->error(); }
  tls::TlsSummary summary(std::string_view domain, std::string_view target, std::chrono::sys_seconds now) const override
  {
    return m_session->summary(domain, target, now);
  }

private:
  std::unique_ptr<tls::TlsSession> m_session;
};

class OpensslConnector final : public TlsConnector
{
public:
  explicit OpensslConnector(std::unique_ptr<tls::TlsContext> context) : m_context(std::move(context)) {}

  Result<std::unique_ptr<TlsChannel>> start(int fd, const std::string& sni) override
  {
    auto session = tls::TlsSession::create(*m_context, fd, sni);
    if (!session) {
      return std::unexpected(session.error());
    }
    return std::unique_ptr<TlsChannel>(std::make_unique<OpensslChannel>(std::move(*session)));
  }

private:
  std::unique_ptr<tls::TlsContext> m_context;
};

} // namespace

Result<std::unique_ptr<TlsConnector>>
make_openssl_connector(const tls::TlsConfig& config)
{
  auto context = tls::TlsContext::create(config);
  if (!context) {
    return std::unexpected(context.error());
  }
  return std::unique_ptr<TlsConnector>(std::make_unique<OpensslConnector>(std::move(*context)));
}

} // namespace sipsurv::probe
