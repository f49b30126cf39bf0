#include "core/model/phone_model.hpp"

#include <algorithm>

namespace sipsurv::model {

SimResult
simulate(const ModelInput& input, const Scenario& scenario, Millis duration)
{
  PhoneMachine m(input, profile_for(input.settings.phone_model), scenario);
  m.start();
  m.run_until(duration, true);
  m.close(duration);
  SimResult r;
  r.events = m.events();
  r.outages = m.outages();
  r.final_state = m.final_state();
  if (m.registered()) {
    r.registered_with = server_label(m.list()[*m.registered()]);
    r.survivable_mode = m.survivable_mode();
  } else if (m.on_backup()) {
    r.on_backup = true;
  } else {
    r.out_of_service = r.final_state.starts_with("out of service");
  }
  r.event_limit_hit = m.event_limit_hit();
  r.duration = duration;
  std::vector<Step> world;
  for (const auto& st : scenario.steps) {
    if (st.at == 0) {
      world.push_back(st);
    }
  }
  r.estimate = summarize_world(input, std::move(world), false);
  return r;
}

std::vector<FailureRun>
simulate_each_failure(const ModelInput& input, const Scenario& scenario, Millis at, Millis duration)
{
  std::vector<FailureRun> out;
  for (const auto& s : input.servers) {
    Scenario sc = scenario;
    Step down;
    down.at = at;
    down.action = Action::down;
    down.target = s.target;
    sc.steps.push_back(down);
    std::stable_sort(sc.steps.begin(), sc.steps.end(), [](const Step& a, const Step& b) { return a.at < b.at; });
    out.push_back(FailureRun{server_label(s), at, simulate(input, sc, duration)});
  }
  return out;
}

} // namespace sipsurv::model
