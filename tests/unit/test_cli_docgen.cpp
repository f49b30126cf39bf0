#include "cli/docgen/completions.hpp"
#include "cli/docgen/man_page.hpp"
#include "cli/docgen/roff.hpp"

#include <gtest/gtest.h>

using namespace sipsurv::cli;
using namespace sipsurv::cli::docgen;

namespace {

CliDoc
small_cli()
{
  CliDoc cli;
  SettingDoc transport;
  transport.option.name = "--transport";
  transport.option.value_name = "TRANSPORT";
  transport.option.help = "SIP transport of the phone";
  transport.option.default_value = "udp";
  transport.option.group = OptionDoc::k_phone_group;
  transport.web_label = "SIP transport";
  transport.web_path = "System > SIP interface";
  transport.commands = {"resolve"};
  cli.phone_settings.push_back(transport);
  CommandDoc resolve{"resolve", "Show the server list", {}};
  resolve.options.push_back(OptionDoc{"DOMAIN", "", "SIP domain", "", {}, OptionDoc::Path::none, false, true});
  resolve.options.push_back(
    OptionDoc{"--format", "FORMAT", "Output format", "text", {"text", "json"}, OptionDoc::Path::none, false, false});
  resolve.options.push_back(
    OptionDoc{"--phone", "FILE", "Read settings from FILE", "", {}, OptionDoc::Path::existing_file, false, false});
  resolve.options.push_back(transport.option);
  cli.commands.push_back(resolve);
  CommandDoc extra{"frob", "A command without prose", {}};
  extra.options.push_back(OptionDoc{"--level", "N", "How much", "3", {}, OptionDoc::Path::none, false, false});
  extra.options.push_back(
    OptionDoc{"--ca-path", "DIR", "Trust the CAs in DIR", "", {}, OptionDoc::Path::directory, false, false});
  cli.commands.push_back(extra);
  return cli;
}

ManInputs
inputs(CliDoc cli)
{
  return ManInputs{std::move(cli), k_exit_codes, sipsurv::report::finding_catalogue(), sipsurv::limits::k_limit_table,
                   "9.8.7"};
}

const std::string k_required = ".\\\" @generated SYNOPSIS\n.\\\" @generated PHONE_SETTINGS\n"
                               ".\\\" @generated EXIT_STATUS\n.\\\" @generated FINDINGS\n"
                               ".\\\" @generated LIMITS\n.\\\" @generated OTHER_COMMANDS\n";

} // namespace

TEST(Roff, EscapesWhatGroffWouldInterpret)
{
  EXPECT_EQ(roff_text("a\\b"), "a\\eb");
  EXPECT_EQ(roff_text(".start"), "\\&.start");
  EXPECT_EQ(roff_text("'quote"), "\\&'quote");
  // Option names in prose render as ASCII hyphens; ordinary hyphens stay.
  EXPECT_EQ(roff_text("see --format and lower-priority"), "see \\-\\-format and lower-priority");
  EXPECT_EQ(roff_literal("a-b"), "a\\-b");
  EXPECT_EQ(roff_bold("--dns"), "\\fB\\-\\-dns\\fR");
}

TEST(Roff, NonAsciiBecomesNamedCodePoints)
{
  EXPECT_EQ(roff_text("RFC 3263 \xC2\xA7"
                      "4.1"),
            "RFC 3263 \\[u00A7]4.1");
  EXPECT_EQ(roff_text("\xE2\x80\xA6"), "\\[u2026]");
  // Broken UTF-8 and control characters never reach the page raw.
  EXPECT_EQ(roff_text("a\xFFz"), "a\\[uFFFD]z");
  EXPECT_EQ(roff_text("a\xC3"), "a\\[uFFFD]");
  EXPECT_EQ(roff_text("a\x1b[31mb"), "a[31mb");
  EXPECT_EQ(sentence("Output format"), "Output format.");
  EXPECT_EQ(sentence("Done."), "Done.");
}

TEST(ManPage, CommandBlocksOnlyForExistingCommands)
{
  const std::string tmpl = ".TH X 1 \"\" \"sipsurv @VERSION@\"\n" + k_required +
    ".\\\" @if-command resolve\nResolve prose.\n.\\\" @generated OPTIONS\n.\\\" @end-if\n"
    ".\\\" @if-command watch\nWatch prose.\n.\\\" @generated OPTIONS\n.\\\" @end-if\n";
  const auto page = render_man_page(tmpl, inputs(small_cli()));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_NE(page->find("sipsurv 9.8.7"), std::string::npos);
  EXPECT_NE(page->find("Resolve prose."), std::string::npos);
  EXPECT_EQ(page->find("Watch prose."), std::string::npos); // no watch command in this binary
  EXPECT_NE(page->find("\\fB\\-\\-format\\fR \\fIFORMAT\\fR"), std::string::npos);
  EXPECT_NE(page->find("Allowed values: \\fBtext\\fR, \\fBjson\\fR."), std::string::npos);
  EXPECT_NE(page->find("Default: \\fBtext\\fR."), std::string::npos);
  EXPECT_NE(page->find("The file must exist"), std::string::npos); // --phone
  // Phone settings: once, in their own section, with the web-interface path;
  // a command's section only names them.
  EXPECT_NE(page->find("Web interface: SIP transport (System > SIP interface)."), std::string::npos);
  EXPECT_NE(page->find(".TP\n\\fIphone settings\\fR\n\\fB\\-\\-transport\\fR\n(see"), std::string::npos) << *page;
  // The command without prose still gets a section with its options, once.
  EXPECT_NE(page->find(".SS \"sipsurv frob\""), std::string::npos);
  EXPECT_NE(page->find("\\fB\\-\\-level\\fR"), std::string::npos);
  EXPECT_EQ(page->find(".SS \"sipsurv resolve\""), std::string::npos);
  EXPECT_NE(page->find("\\fBDNS001\\fR (critical)"), std::string::npos);
  EXPECT_NE(page->find("\\fBmax_dns_message\\fR = 65535 bytes"), std::string::npos);
  EXPECT_NE(page->find(".B 64\n\\fBUSAGE\\fR:"), std::string::npos);
  EXPECT_EQ(page->find("@generated"), std::string::npos);
}

TEST(ManPage, BrokenTemplatesAreErrors)
{
  const auto in = inputs(small_cli());
  // A generated part missing: the page would silently lack it.
  EXPECT_FALSE(render_man_page(".TH X 1\n", in));
  auto unknown = render_man_page(k_required + ".\\\" @generated NOPE\n", in);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("line 7"), std::string::npos) << unknown.error().message;
  EXPECT_FALSE(render_man_page(k_required + ".\\\" @if-command resolve\n", in));
  EXPECT_FALSE(render_man_page(k_required + ".\\\" @end-if\n", in));
  EXPECT_FALSE(render_man_page(k_required + ".\\\" @generated OPTIONS\n", in)); // outside a block
  EXPECT_FALSE(render_man_page(k_required + ".\\\" @frobnicate\n", in));
}

TEST(Completions, QuoteHelpTextForEachShell)
{
  CliDoc cli = small_cli();
  cli.global_options.push_back(
    OptionDoc{"--label", "TEXT[:X]", "The phone's [label]", "", {}, OptionDoc::Path::none, false, false});
  const std::string zsh = zsh_completion(cli);
  EXPECT_NE(zsh.find("'--label=[The phone'\\''s \\[label\\]]:TEXT[\\:X]: '"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--format=[Output format]:FORMAT:(text json)'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'--phone=[Read settings from FILE]:FILE:_files'"), std::string::npos) << zsh;
  EXPECT_NE(zsh.find("'1:DOMAIN: '"), std::string::npos) << zsh;
  const std::string fish = fish_completion(cli);
  EXPECT_NE(fish.find("-l label -x -d 'The phone\\'s [label]'"), std::string::npos) << fish;
  EXPECT_NE(fish.find("-n '__sipsurv_command_is resolve' -l format -x -a 'text json'"), std::string::npos) << fish;
  EXPECT_NE(fish.find("-l phone -r -F"), std::string::npos) << fish;
  const std::string bash = bash_completion(cli);
  EXPECT_NE(bash.find("resolve:--format) mapfile -t COMPREPLY < <(compgen -W 'text json'"), std::string::npos) << bash;
  EXPECT_NE(bash.find("resolve:--phone) compopt -o filenames"), std::string::npos) << bash;
  EXPECT_NE(bash.find("complete -F _sipsurv sipsurv"), std::string::npos);
  // A directory option completes directories only, in every shell.
  EXPECT_NE(zsh.find(":DIR:_files -/'"), std::string::npos) << zsh;
  EXPECT_NE(fish.find("-l ca-path -x -a '(__fish_complete_directories (commandline -ct))'"), std::string::npos) << fish;
  EXPECT_NE(bash.find("frob:--ca-path) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d"),
            std::string::npos)
    << bash;
}

TEST(Completions, EmptyDefinitionStillGivesValidCasePatterns)
{
  const std::string bash = bash_completion(CliDoc{});
  // "case $w in\n      )" would be a syntax error.
  EXPECT_EQ(bash.find("in\n      )"), std::string::npos) << bash;
  EXPECT_NE(bash.find("--sipsurv-matches-nothing)"), std::string::npos) << bash;
}
