//! Alert thresholds (the engine's `AlertRules`) as a form, and the memory of which alerts a person
//! has seen, so the overview can mark those new since the previous visit.

use dmarc_lens::analyze::AlertRules;
use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::i18n::{tr, Key, LangCtx};
use crate::state::AlertRulesCtx;

/// Each field of `AlertRules`, by its serde name, with its label; the order of the form.
const FIELDS: [(&str, Key); 13] = [
    ("untagged_source_messages", Key::RuleUntaggedSource),
    ("spoofing_share_percent", Key::RuleSpoofingShare),
    ("tag_pass_rate_percent", Key::RuleTagPassRate),
    ("tag_min_messages", Key::RuleTagMinMessages),
    ("pattern_messages", Key::RulePatternMessages),
    ("reporter_silent_days", Key::RuleReporterSilent),
    ("readiness_min_days", Key::RuleReadinessDays),
    ("readiness_tagged_pass_percent", Key::RuleReadinessPass),
    ("window_days", Key::RuleWindowDays),
    ("readiness_min_reporters", Key::RuleMinReporters),
    ("readiness_min_messages", Key::RuleMinMessages),
    ("new_sender_messages", Key::RuleNewSender),
    ("own_failing_percent", Key::RuleOwnFailing),
];

fn as_map(rules: &AlertRules) -> Map<String, Value> {
    match serde_json::to_value(rules) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The rules with `field` set to the number typed; `None` when the text is no number the field
/// takes (a negative count, a fraction of days).
fn with_field(rules: &AlertRules, field: &str, text: &str) -> Option<AlertRules> {
    let number: f64 = text.trim().parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    let mut map = as_map(rules);
    let value = if map.get(field).is_some_and(Value::is_f64) {
        Value::from(number)
    } else if number.fract() == 0.0 {
        Value::from(number as u64)
    } else {
        return None;
    };
    map.insert(field.to_string(), value);
    serde_json::from_value(Value::Object(map)).ok()
}

#[component]
pub fn AlertRulesPanel() -> impl IntoView {
    let LangCtx(lang) = expect_context::<LangCtx>();
    let AlertRulesCtx(rules) = expect_context::<AlertRulesCtx>();
    // The field's text applied to the rules: on change, and for every field when the form is
    // submitted (Enter in a field, or Apply).
    let apply = move |field: &'static str, text: &str, invalid: RwSignal<bool>| match with_field(
        &rules.get_untracked(),
        field,
        text,
    ) {
        Some(new) => {
            invalid.set(false);
            if new != rules.get_untracked() {
                rules.set(new);
            }
        }
        None => invalid.set(true),
    };
    let inputs: Vec<(&'static str, NodeRef<leptos::html::Input>, RwSignal<bool>)> =
        FIELDS.iter().map(|&(field, _)| (field, NodeRef::new(), RwSignal::new(false))).collect();
    let fields = FIELDS
        .iter()
        .zip(inputs.iter().cloned())
        .map(|(&(field, key), (_, input, invalid))| {
            // Each field follows its own value only: a change to another field must not write
            // this one's input again (which reset a value being typed while the other applied).
            let value =
                Memo::new(move |_| as_map(&rules.get()).get(field).map(ToString::to_string).unwrap_or_default());
            view! {
                <label class:invalid=move || invalid.get()>
                    <span>{move || tr(lang.get(), key)}</span>
                    <input type="number" min="0" step="any" data-testid=format!("alert-rule-{field}") node_ref=input
                        aria-invalid=move || invalid.get().to_string()
                        prop:value=value on:change=move |ev| apply(field, &event_target_value(&ev), invalid) />
                </label>
            }
        })
        .collect_view();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        for (field, input, invalid) in &inputs {
            if let Some(element) = input.get_untracked() {
                apply(field, &element.value(), *invalid);
            }
        }
    };
    view! {
        <section class="panel alert-rules" id="alert-rules" aria-labelledby="alert-rules-heading">
            <h3 id="alert-rules-heading">{move || tr(lang.get(), Key::AlertRulesHeading)}
                <button type="button" class="secondary small" data-testid="alert-rules-defaults"
                    on:click=move |_| rules.set(AlertRules::default())>
                    {move || tr(lang.get(), Key::AlertRulesDefaults)}
                </button>
            </h3>
            <p class="muted small">{move || tr(lang.get(), Key::AlertRulesIntro)}</p>
            <form on:submit=on_submit>
                <div class="alert-rule-fields">{fields}</div>
                <button type="submit" class="small" data-testid="alert-rules-apply">{move || tr(lang.get(), Key::AlertRulesApply)}</button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_takes_numbers_of_its_kind() {
        let rules = AlertRules::default();
        assert_eq!(with_field(&rules, "untagged_source_messages", "500").unwrap().untagged_source_messages, 500);
        assert_eq!(with_field(&rules, "spoofing_share_percent", "2.5").unwrap().spoofing_share_percent, 2.5);
        assert_eq!(with_field(&rules, "spoofing_share_percent", "3").unwrap().spoofing_share_percent, 3.0);
        assert!(with_field(&rules, "reporter_silent_days", "1.5").is_none());
        assert!(with_field(&rules, "pattern_messages", "-1").is_none());
        assert!(with_field(&rules, "pattern_messages", "lots").is_none());
        assert!(with_field(&rules, "no_such_field", "1").is_none());
        assert_eq!(with_field(&rules, "window_days", "7").unwrap().window_days, 7);
    }

    #[test]
    fn the_form_has_every_threshold_once() {
        let mut in_form: Vec<&str> = FIELDS.iter().map(|&(field, _)| field).collect();
        in_form.sort_unstable();
        in_form.dedup();
        assert_eq!(in_form.len(), FIELDS.len());
        let mut fields: Vec<String> = as_map(&AlertRules::default()).keys().cloned().collect();
        fields.sort_unstable();
        assert_eq!(in_form, fields);
    }
}
