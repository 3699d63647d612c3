//! actions.toml: the improvement plan.

use toml::Spanned;

use super::raw::{RawAction, RawActions};
use super::{Reader, unknown_descriptor};
use crate::diag::{Diagnostic, SourceFile, missing};
use crate::load::source::{Within, read};
use crate::load::toml::{self as tomlfile, choose};
use crate::model::evidence::{Action, ActionOrigin, ActionStatus, Period};
use crate::model::framework::Framework;

pub const MAX_ACTIONS: usize = 2_000;

impl Reader<'_> {
    pub(super) fn actions(&mut self, fw: Option<&Framework>, period: Option<Period>) -> Vec<Action> {
        let path = self.folder.join("actions.toml");
        let Some(file) = read(&path, Within::Folder(&self.tree), self.diags, false) else {
            self.diags.push(
                Diagnostic::warning(&path, "there is no actions.toml, so there is no improvement plan")
                    .hint("add actions.toml with one [[action]] per line of the plan"),
            );
            return Vec::new();
        };
        self.files.push(file.clone());
        let raw = tomlfile::parse::<RawActions>(&file, self.diags).unwrap_or_default();
        let mut actions: Vec<Action> = Vec::new();
        if raw.action.len() > MAX_ACTIONS {
            self.diags.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "actions.toml has {} actions; selfeval reads up to {MAX_ACTIONS}",
                        raw.action.len()
                    ),
                )
                .hint("keep the improvement plan to the actions you will report on"),
            );
        }
        for entry in raw.action.iter().take(MAX_ACTIONS) {
            if let Some(action) = self.action(&file, entry, fw) {
                // A slip in the year: a plan's dates are within a few years of its period.
                if let (Some(period), Some(due)) = (period, entry.get_ref().due.as_ref())
                    && (due.get_ref().months_until(period.start) > 60 || period.end.months_until(*due.get_ref()) > 120)
                {
                    self.diags.push(
                        Diagnostic::warning(
                            &file.path,
                            format!(
                                "action `{}` is due {}, far from this period ({} to {})",
                                action.id,
                                due.get_ref().long(),
                                period.start.long(),
                                period.end.long()
                            ),
                        )
                        .at(&file, due.span())
                        .hint("check the year of its due date"),
                    );
                }
                if actions.iter().any(|a| a.id == action.id) {
                    self.diags.push(
                        Diagnostic::error(&file.path, format!("action `{}` is given twice", action.id))
                            .at(&file, entry.span())
                            .hint(
                                "give each action its own id; keep the id when an action carries forward to next year",
                            ),
                    );
                    continue;
                }
                actions.push(action);
            }
        }
        actions
    }

    fn action(&mut self, file: &SourceFile, entry: &Spanned<RawAction>, fw: Option<&Framework>) -> Option<Action> {
        let r = entry.get_ref();
        let span = entry.span();
        let id = r.id.as_ref().map(|i| i.get_ref().clone());
        let what = match &id {
            Some(id) => format!("action `{id}`"),
            None => "this action".to_string(),
        };
        let mut need = |field: &str, present: bool, example: &str| {
            if !present {
                self.diags.push(missing(file, span.clone(), &what, field, example));
            }
            present
        };
        let has_id = need("id", id.is_some(), "id = \"NB26-01\"");
        let has_descriptors = need("descriptors", !r.descriptors.is_empty(), "descriptors = [\"hp.plans\"]");
        let has_action = need(
            "action",
            r.action.as_ref().is_some_and(|a| !a.trim().is_empty()),
            "action = \"What will be done\"",
        );
        let has_owner = need(
            "owner",
            r.owner.as_ref().is_some_and(|a| !a.trim().is_empty()),
            "owner = \"Head of Service\"",
        );
        let has_due = need("due", r.due.is_some(), "due = 2026-09-30");
        let has_status = need("status", r.status.is_some(), "status = \"in-progress\"");
        let mut ok = has_id && has_descriptors && has_action && has_owner && has_due && has_status;
        if let Some(fw) = fw {
            for d in &r.descriptors {
                if fw.descriptor(d.get_ref()).is_none() {
                    ok = false;
                    self.diags.push(unknown_descriptor(file, d, fw));
                }
            }
        }
        let status = r
            .status
            .as_ref()
            .and_then(|s| choose::<ActionStatus>(file, s, "status", self.diags));
        let origin = r
            .origin
            .as_ref()
            .map(|o| choose::<ActionOrigin>(file, o, "origin", self.diags));
        if status.is_none() || origin.is_some_and(|o| o.is_none()) || !ok {
            return None;
        }
        Some(Action {
            id: id?,
            descriptors: r.descriptors.iter().map(|d| d.get_ref().clone()).collect(),
            action: r.action.clone()?,
            owner: r.owner.clone()?,
            due: *r.due.as_ref()?.get_ref(),
            status: status?,
            origin: origin.flatten(),
            origin_ref: r.origin_ref.clone(),
            progress: r.progress.clone(),
        })
    }
}
