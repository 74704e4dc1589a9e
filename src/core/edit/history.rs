//! A document: an issue plus its undo history. "Modified" is derived, never
//! kept as a flag that could drift: the document is modified when its text
//! differs from the text last saved (typing a character and deleting it
//! leaves it unmodified).
//!
//! Revisions are unique in the process, not per document: two documents
//! never share a revision, so `(revision)` alone keys a cached view safely,
//! and [`Document::id`] names the document itself.

use std::cell::Cell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::core::edit::apply;
use crate::core::edit::command::{Command, CommandError, InboxEffect};
use crate::core::format::model::*;
use crate::core::format::parse;
use crate::core::format::render;

/// What groups consecutive edits into one undo step: a burst of typing into
/// the same field. Edits with the same key less than [`MERGE_WINDOW_SECS`]
/// apart merge.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MergeKey(pub String);

pub const MERGE_WINDOW_SECS: f64 = 1.0;

#[derive(Clone, Debug)]
struct Transaction {
    label: &'static str,
    /// Commands that redo this step, in order.
    forward: Vec<Command>,
    /// Commands that undo it, in order.
    inverse: Vec<Command>,
    revision: u64,
    merge: Option<(MergeKey, f64)>,
}

/// Every revision and document id of the process comes from here, so none repeats.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn fresh_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// Names one open document for the process's lifetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(pub u64);

/// The text last saved, as its length and hash (the text itself is on disk).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Saved {
    revision: u64,
    len: usize,
    hash: u64,
}

fn fingerprint(text: &str) -> (usize, u64) {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    (text.len(), h.finish())
}

#[derive(Clone, Debug)]
pub struct Document {
    id: DocumentId,
    issue: Issue,
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
    /// The revision of the issue as loaded (no undo step).
    base_revision: u64,
    /// What is on disk; `None` when nothing is (a new issue, a restored draft
    /// of unknown origin): then the document is always modified.
    saved: Option<Saved>,
    /// `(revision, modified)` of the last content comparison.
    modified_cache: Cell<Option<(u64, bool)>>,
    /// What applied, undone and redone steps did to the links inbox, oldest
    /// first, until [`Document::take_inbox_effects`] drains it.
    inbox_effects: Vec<InboxEffect>,
}

impl Document {
    /// A document whose issue is what is on disk.
    pub fn new(issue: Issue) -> Document {
        let base_revision = fresh_revision();
        let (len, hash) = fingerprint(&render::render(&issue));
        Document {
            id: DocumentId(base_revision),
            issue,
            undo: Vec::new(),
            redo: Vec::new(),
            base_revision,
            saved: Some(Saved { revision: base_revision, len, hash }),
            modified_cache: Cell::new(None),
            inbox_effects: Vec::new(),
        }
    }

    /// This document, distinct from every other opened in the process.
    pub fn id(&self) -> DocumentId {
        self.id
    }

    /// Parses text (never fails; see [`parse::parse`]).
    pub fn from_text(text: &str) -> Document {
        Document::new(parse::parse(text))
    }

    pub fn issue(&self) -> &Issue {
        &self.issue
    }

    /// The text saving writes.
    pub fn text(&self) -> String {
        render::render(&self.issue)
    }

    /// Identifies the current state: equal revisions mean equal issues, in
    /// this document or any other (revisions are unique in the process).
    pub fn revision(&self) -> u64 {
        self.undo.last().map(|t| t.revision).unwrap_or(self.base_revision)
    }

    /// True when the text differs from the text last saved (or nothing is
    /// saved). Compared by content, once per revision.
    pub fn is_modified(&self) -> bool {
        let Some(saved) = self.saved else { return true };
        let revision = self.revision();
        if revision == saved.revision {
            return false;
        }
        if let Some((r, modified)) = self.modified_cache.get()
            && r == revision
        {
            return modified;
        }
        let modified = fingerprint(&self.text()) != (saved.len, saved.hash);
        self.modified_cache.set(Some((revision, modified)));
        modified
    }

    /// Records that the current state is what is on disk.
    pub fn mark_saved(&mut self) {
        let (len, hash) = fingerprint(&self.text());
        self.saved = Some(Saved { revision: self.revision(), len, hash });
        self.modified_cache.set(None);
    }

    /// Records that `disk_text` is what is on disk, when the document holds
    /// something else (a restored draft of that file).
    pub fn mark_saved_text(&mut self, disk_text: &str) {
        let (len, hash) = fingerprint(disk_text);
        // No revision of this document is known to equal the disk: compare by content.
        self.saved = Some(Saved { revision: 0, len, hash });
        self.modified_cache.set(None);
    }

    /// Records that nothing on disk holds this document (a new issue).
    pub fn mark_unsaved(&mut self) {
        self.saved = None;
        self.modified_cache.set(None);
    }

    /// A fresh entry id for a new or duplicated entry.
    pub fn new_entry_id(&mut self) -> EntryId {
        self.issue.new_entry_id()
    }

    pub fn new_section_id(&mut self) -> SectionId {
        self.issue.new_section_id()
    }

    /// Applies one command as one undo step.
    pub fn apply(&mut self, cmd: Command) -> Result<(), CommandError> {
        self.apply_all(cmd.label(), vec![cmd])
    }

    /// Applies several commands as one undo step; all or nothing.
    pub fn apply_all(&mut self, label: &'static str, cmds: Vec<Command>) -> Result<(), CommandError> {
        let forward = cmds.clone();
        let inverse = apply_sequence(&mut self.issue, cmds)?;
        self.note_effects(&forward);
        let revision = self.bump();
        self.undo.push(Transaction { label, forward, inverse, revision, merge: None });
        self.redo.clear();
        Ok(())
    }

    /// Applies a command, merging it into the previous undo step when it
    /// continues the same burst of typing (same key, within the window).
    /// `now_secs` is any monotonic clock in seconds.
    pub fn apply_merging(&mut self, cmd: Command, key: MergeKey, now_secs: f64) -> Result<(), CommandError> {
        let mergeable = self.redo.is_empty()
            && self
                .undo
                .last()
                .and_then(|t| t.merge.as_ref())
                .is_some_and(|(k, t)| *k == key && now_secs - *t < MERGE_WINDOW_SECS);
        if !mergeable {
            self.apply(cmd)?;
            if let Some(top) = self.undo.last_mut() {
                top.merge = Some((key, now_secs));
            }
            return Ok(());
        }
        let inv = apply::apply(&mut self.issue, cmd.clone())?;
        self.note_effects(std::slice::from_ref(&cmd));
        let revision = self.bump();
        if let Some(top) = self.undo.last_mut() {
            top.forward.push(cmd);
            top.inverse.insert(0, inv);
            top.revision = revision;
            top.merge = Some((key, now_secs));
        }
        Ok(())
    }

    /// Ends the current burst: the next edit starts a new undo step.
    pub fn break_merge(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.merge = None;
        }
    }

    /// Drains what the steps applied, undone or redone since the last call
    /// did to the links inbox ([`Command::TakeFromInbox`] and its inverse),
    /// oldest first. The keeper of the inbox file carries them out: a taken
    /// item leaves the inbox, an undone take puts it back, in the same
    /// undo step as the issue's change.
    pub fn take_inbox_effects(&mut self) -> Vec<InboxEffect> {
        std::mem::take(&mut self.inbox_effects)
    }

    fn note_effects(&mut self, cmds: &[Command]) {
        self.inbox_effects.extend(cmds.iter().filter_map(Command::inbox_effect));
    }

    fn bump(&mut self) -> u64 {
        fresh_revision()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// What Undo would undo, for the menu.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|t| t.label)
    }

    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|t| t.label)
    }

    /// Undoes the last step. Returns false when there is nothing to undo (or,
    /// were the history ever inconsistent, when the step cannot be undone: the
    /// issue is then left as it was).
    pub fn undo(&mut self) -> bool {
        let Some(mut tx) = self.undo.pop() else { return false };
        match apply_sequence(&mut self.issue, tx.inverse.clone()) {
            Ok(redo) => {
                self.note_effects(&tx.inverse);
                // Redo applies the inverses of the inverses; its own inverse
                // is rebuilt when it runs.
                tx.forward = redo;
                tx.merge = None;
                self.redo.push(tx);
                true
            }
            Err(_) => {
                self.undo.push(tx);
                false
            }
        }
    }

    /// Redoes the last undone step. Returns false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(mut tx) = self.redo.pop() else { return false };
        match apply_sequence(&mut self.issue, tx.forward.clone()) {
            Ok(inverse) => {
                self.note_effects(&tx.forward);
                tx.inverse = inverse;
                self.undo.push(tx);
                true
            }
            Err(_) => {
                self.redo.push(tx);
                false
            }
        }
    }
}

/// Applies commands in order and returns the commands that undo them, in the
/// order to apply them. On an error everything applied is rolled back.
fn apply_sequence(issue: &mut Issue, cmds: Vec<Command>) -> Result<Vec<Command>, CommandError> {
    let mut inverse = Vec::with_capacity(cmds.len());
    for cmd in cmds {
        match apply::apply(issue, cmd) {
            Ok(inv) => inverse.push(inv),
            Err(e) => {
                for inv in inverse.into_iter().rev() {
                    let _ = apply::apply(issue, inv);
                }
                return Err(e);
            }
        }
    }
    inverse.reverse();
    Ok(inverse)
}
