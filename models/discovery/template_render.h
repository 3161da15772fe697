// When a Nomad `template` re-renders: consul-template's quiescence timers (`wait { min, max }`).
//
// Source: hashicorp/consul-template manager/runner.go, type quiescence and its tick(), and
// Runner.Start / allTemplatesRendered; config/wait.go WaitConfig.Finalize. Nomad's client
// defaults are wait { min = 5s, max = 4m } (client/config/config.go DefaultConfig,
// TemplateConfig.Wait).
//
// Semantics, as the runner implements them:
//  * The first render is immediate: the runner enables quiescence for a template only once every
//    template has rendered once. Everything here is about the changes after that first render.
//  * A change with no render pending opens a burst: the render is set to now + min and a hard
//    deadline to now + max (the first tick sets the timer to min even if max < min).
//  * A later change in the burst snoozes the render to now + min if that is before the deadline,
//    else to the deadline if the deadline is still ahead (tick: now.Add(min).Before(deadline)).
//  * When the timer fires the template renders; the quiescence is dropped and a fresh one is set
//    up, so the next change opens a new burst. A change at exactly the render time belongs to the
//    next burst.
//  * min = 0 renders at the change itself.
// So a single change renders at t + min; a change every 2 s with min 5 s, max 4 m renders at
// first + 4 m, then starts again. change_mode (restart, signal, ...) is not modelled here.
#ifndef PORTOLAN_MODELS_DISCOVERY_TEMPLATE_RENDER_H_
#define PORTOLAN_MODELS_DISCOVERY_TEMPLATE_RENDER_H_

#include <optional>
#include <span>
#include <vector>

#include "sim/time.h"

namespace portolan::models {

// Nomad client defaults (client/config/config.go DefaultConfig: TemplateConfig.Wait min 5s, max 4m;
// Nomad rejects a template wait with min > max, "greater than").
inline constexpr sim::Time kTemplateWaitMin = 5 * sim::kSecond;
inline constexpr sim::Time kTemplateWaitMax = 4 * sim::kMinute;

// Render times for data changes at `changes` (sorted ascending; equal times allowed), after the
// template's first render. One render per burst; the result is sorted and strictly increasing.
std::vector<sim::Time> render_times(std::span<const sim::Time> changes,
                                    sim::Time min = kTemplateWaitMin,
                                    sim::Time max = kTemplateWaitMax);

// The same rules, stepped by an event simulation. Call on_change at each data change and
// on_rendered when the scheduled render has happened (the caller's render event fired).
class TemplateWatcher {
 public:
  TemplateWatcher(sim::Time min = kTemplateWaitMin, sim::Time max = kTemplateWaitMax)
      : min_(min), max_(max) {}

  // Registers a change at `now` (non-decreasing across calls). Returns the render time when this
  // change set or moved it: the caller (re)schedules its render event there. Returns nullopt when
  // the render already scheduled stands (snoozing against a deadline already reached, or a
  // change at or after a render time the caller has not yet reported with on_rendered).
  std::optional<sim::Time> on_change(sim::Time now);

  // The render happened: the next change opens a new burst.
  void on_rendered();

  // The render time now scheduled, if any.
  std::optional<sim::Time> scheduled() const { return render_at_; }

 private:
  sim::Time min_;
  sim::Time max_;
  std::optional<sim::Time> render_at_;
  sim::Time deadline_ = 0;
};

}  // namespace portolan::models

#endif  // PORTOLAN_MODELS_DISCOVERY_TEMPLATE_RENDER_H_
