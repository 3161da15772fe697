#include "models/discovery/template_render.h"

namespace portolan::models {

std::optional<sim::Time> TemplateWatcher::on_change(sim::Time now) {
  // consul-template manager/runner.go quiescence.tick.
  if (!render_at_) {
    // First tick: time.NewTimer(q.min); q.deadline = now.Add(q.max).
    render_at_ = now + min_;
    deadline_ = now + max_;
    return render_at_;
  }
  // The timer has fired (or fires now): tick's Reset is a no-op for the render in flight.
  if (now >= *render_at_) return std::nullopt;
  sim::Time next = *render_at_;
  if (now + min_ < deadline_) {
    next = now + min_;
  } else if (deadline_ - now > 0) {
    next = deadline_;
  }
  if (next == *render_at_) return std::nullopt;
  render_at_ = next;
  return render_at_;
}

void TemplateWatcher::on_rendered() { render_at_.reset(); }

std::vector<sim::Time> render_times(std::span<const sim::Time> changes, sim::Time min,
                                    sim::Time max) {
  std::vector<sim::Time> renders;
  // Changes at one instant reach the runner together (it drains its data channel before it
  // renders), so two renders never share a time.
  const auto render = [&renders](sim::Time t) {
    if (renders.empty() || renders.back() != t) renders.push_back(t);
  };
  TemplateWatcher watcher(min, max);
  for (const sim::Time t : changes) {
    // Renders that fall before (or at) this change happen first.
    if (const auto due = watcher.scheduled(); due && *due <= t) {
      render(*due);
      watcher.on_rendered();
    }
    watcher.on_change(t);
  }
  if (const auto due = watcher.scheduled()) render(*due);
  return renders;
}

}  // namespace portolan::models
