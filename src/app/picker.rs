//! Picking a file or a folder: the desktop's own dialog when it has one,
//! else a dialog drawn in the window ([`egui_file`]).
//!
//! rfd's default Linux backend is the XDG desktop portal; on a desktop
//! without one (plain Xvfb, many window managers) its dialogs silently return
//! nothing. So before the first native dialog the picker asks the session bus
//! whether `org.freedesktop.portal.Desktop` answers with a file chooser (in
//! the background, with a time-out), and falls back to the in-app dialog,
//! saying why, when it does not. `JIANBAO_NATIVE_DIALOGS=0` forces the in-app
//! dialog, `=1` the native one.
//!
//! The API: [`Picker::request`] starts a pick, [`Picker::show`] draws the
//! in-app dialog and polls the others once a frame and returns what was
//! picked.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use eframe::egui;

/// The environment variable choosing the dialogs: `0` in-app, `1` native.
pub const NATIVE_DIALOGS_VAR: &str = "JIANBAO_NATIVE_DIALOGS";

/// How long the session bus may take to say whether a portal is there.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// What a pick is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// An issue (a markdown file) to open.
    OpenIssue,
    /// Where to save the open issue; `file_name` is suggested.
    SaveIssueAs { file_name: String },
    /// A newsletter repository (a folder) to open.
    OpenRepository,
}

/// The end of a pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Chosen(PathBuf),
    Cancelled,
}

/// Which dialogs to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogChoice {
    /// The native one when the desktop has a file-chooser portal.
    Auto,
    Native,
    InApp,
}

impl DialogChoice {
    /// The choice a value of `JIANBAO_NATIVE_DIALOGS` makes (`None`: unset).
    pub fn from_env_value(value: Option<&str>) -> DialogChoice {
        match value.map(str::trim) {
            Some("0" | "false" | "no" | "off") => DialogChoice::InApp,
            Some("1" | "true" | "yes" | "on") => DialogChoice::Native,
            _ => DialogChoice::Auto,
        }
    }
}

/// Whether the native dialogs work here, once known.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Native {
    Unknown,
    Available,
    /// Why not, for the status bar.
    Unavailable(String),
}

enum Pending {
    /// Waiting for the session bus to say whether there is a portal.
    Probing {
        purpose: Purpose,
        start: Option<PathBuf>,
        answer: Receiver<Result<(), String>>,
        since: Instant,
    },
    /// The native dialog runs on its own thread.
    Native {
        purpose: Purpose,
        answer: Receiver<Option<PathBuf>>,
    },
    InApp {
        purpose: Purpose,
        dialog: Box<egui_file::FileDialog>,
    },
}

/// Picks files and folders; one pick at a time.
pub struct Picker {
    choice: DialogChoice,
    native: Native,
    pending: Option<Pending>,
    /// A message for the status bar, taken by [`Picker::take_note`].
    note: Option<String>,
}

impl Picker {
    pub fn new(choice: DialogChoice) -> Picker {
        Picker { choice, native: Native::Unknown, pending: None, note: None }
    }

    /// The picker `JIANBAO_NATIVE_DIALOGS` asks for.
    pub fn from_env() -> Picker {
        Picker::new(DialogChoice::from_env_value(std::env::var(NATIVE_DIALOGS_VAR).ok().as_deref()))
    }

    pub fn choice(&self) -> DialogChoice {
        self.choice
    }

    /// True while a pick is under way.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// What the pick under way is for.
    pub fn purpose(&self) -> Option<&Purpose> {
        match self.pending.as_ref()? {
            Pending::Probing { purpose, .. } | Pending::Native { purpose, .. } | Pending::InApp { purpose, .. } => {
                Some(purpose)
            }
        }
    }

    /// A message for the status bar (why the in-app dialog is used), once.
    pub fn take_note(&mut self) -> Option<String> {
        self.note.take()
    }

    /// Starts a pick, starting in the folder `start` (or at the file `start`
    /// for a save). False, and nothing started, when a pick is already open.
    pub fn request(&mut self, purpose: Purpose, start: Option<&Path>, ctx: &egui::Context) -> bool {
        if self.pending.is_some() {
            self.note = Some("A file dialog is already open".into());
            return false;
        }
        let start = start.map(Path::to_path_buf);
        match (self.choice, &self.native) {
            (DialogChoice::InApp, _) => {
                self.open_in_app(purpose, start, format!("{NATIVE_DIALOGS_VAR}=0"));
            }
            (DialogChoice::Native, _) | (DialogChoice::Auto, Native::Available) => {
                self.open_native(purpose, start, ctx);
            }
            (DialogChoice::Auto, Native::Unavailable(why)) => {
                let why = why.clone();
                self.open_in_app(purpose, start, why);
            }
            (DialogChoice::Auto, Native::Unknown) => {
                let (tx, answer) = mpsc::channel();
                let ctx = ctx.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(probe_portal());
                    ctx.request_repaint();
                });
                self.pending = Some(Pending::Probing { purpose, start, answer, since: Instant::now() });
            }
        }
        true
    }

    /// Draws the in-app dialog and polls the others; call once a frame.
    /// Returns the purpose and the outcome when a pick ends.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<(Purpose, Picked)> {
        match self.pending.take()? {
            Pending::Probing { purpose, start, answer, since } => {
                let outcome = match answer.try_recv() {
                    Ok(outcome) => outcome,
                    Err(TryRecvError::Disconnected) => Err("the portal check failed".into()),
                    Err(TryRecvError::Empty) if since.elapsed() < PROBE_TIMEOUT => {
                        self.pending = Some(Pending::Probing { purpose, start, answer, since });
                        ctx.request_repaint_after(Duration::from_millis(50));
                        return None;
                    }
                    // Not remembered: a slow bus may answer next time.
                    Err(TryRecvError::Empty) => {
                        self.open_in_app(
                            purpose,
                            start,
                            format!("the session bus did not answer in {} s", PROBE_TIMEOUT.as_secs()),
                        );
                        return None;
                    }
                };
                match outcome {
                    Ok(()) => {
                        self.native = Native::Available;
                        self.open_native(purpose, start, ctx);
                    }
                    Err(why) => {
                        self.native = Native::Unavailable(why.clone());
                        self.open_in_app(purpose, start, why);
                    }
                }
                None
            }
            Pending::Native { purpose, answer } => match answer.try_recv() {
                Ok(path) => Some((purpose, path.map_or(Picked::Cancelled, Picked::Chosen))),
                Err(TryRecvError::Disconnected) => {
                    self.note = Some("The file dialog failed".into());
                    Some((purpose, Picked::Cancelled))
                }
                Err(TryRecvError::Empty) => {
                    self.pending = Some(Pending::Native { purpose, answer });
                    None
                }
            },
            Pending::InApp { purpose, mut dialog } => {
                dialog.show(ctx);
                match dialog.state() {
                    egui_file::State::Selected => match dialog.path() {
                        Some(path) => Some((purpose, Picked::Chosen(path.to_path_buf()))),
                        None => Some((purpose, Picked::Cancelled)),
                    },
                    egui_file::State::Cancelled | egui_file::State::Closed => Some((purpose, Picked::Cancelled)),
                    egui_file::State::Open => {
                        self.pending = Some(Pending::InApp { purpose, dialog });
                        None
                    }
                }
            }
        }
    }

    fn open_in_app(&mut self, purpose: Purpose, start: Option<PathBuf>, why: String) {
        let mut dialog = match &purpose {
            Purpose::OpenIssue => egui_file::FileDialog::open_file()
                .title("Open an issue")
                .show_files_filter(Box::new(is_markdown))
                .filename_filter(Box::new(|name: &str| name.ends_with(".md"))),
            Purpose::SaveIssueAs { file_name } => egui_file::FileDialog::save_file()
                .title("Save the issue as")
                .default_filename(file_name.clone())
                .show_files_filter(Box::new(is_markdown)),
            Purpose::OpenRepository => egui_file::FileDialog::select_folder().title("Open a newsletter repository"),
        }
        .id(egui::Id::unique("jianbao-file-picker"))
        .default_size([620.0, 460.0])
        .show_rename(false)
        .show_new_folder(matches!(purpose, Purpose::SaveIssueAs { .. }))
        .keep_on_top(true);
        // egui_file's path is a folder: the new name goes beside it, not under it.
        if let Some(start) = start {
            let folder =
                if start.is_dir() { start.clone() } else { start.parent().map(Path::to_path_buf).unwrap_or(start) };
            dialog = dialog.initial_path(folder);
        }
        dialog.open();
        self.note = Some(format!("Using the built-in file dialog: {why}"));
        self.pending = Some(Pending::InApp { purpose, dialog: Box::new(dialog) });
    }

    fn open_native(&mut self, purpose: Purpose, start: Option<PathBuf>, ctx: &egui::Context) {
        let mut dialog = rfd::AsyncFileDialog::new();
        if let Some(dir) = start.as_deref().and_then(|s| if s.is_dir() { Some(s) } else { s.parent() }) {
            dialog = dialog.set_directory(dir);
        }
        // The dialog is made here (on the UI thread, as some platforms want)
        // and waited for on a thread of its own, so the window keeps drawing.
        let future: std::pin::Pin<Box<dyn std::future::Future<Output = Option<rfd::FileHandle>> + Send>> =
            match &purpose {
                Purpose::OpenIssue => Box::pin(dialog.add_filter("Markdown", &["md"]).pick_file()),
                Purpose::SaveIssueAs { file_name } => {
                    Box::pin(dialog.add_filter("Markdown", &["md"]).set_file_name(file_name).save_file())
                }
                Purpose::OpenRepository => Box::pin(dialog.pick_folder()),
            };
        let (tx, answer) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let picked = pollster::block_on(future).map(|handle| handle.path().to_path_buf());
            let _ = tx.send(picked);
            ctx.request_repaint();
        });
        self.pending = Some(Pending::Native { purpose, answer });
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Ok when the session bus has a desktop portal with a file chooser, else why not.
#[cfg(all(unix, not(target_os = "macos")))]
fn probe_portal() -> Result<(), String> {
    use zbus::names::InterfaceName;
    let conn = zbus::blocking::Connection::session().map_err(|e| format!("no session bus ({e})"))?;
    let proxy = zbus::blocking::fdo::PropertiesProxy::builder(&conn)
        .destination("org.freedesktop.portal.Desktop")
        .and_then(|b| b.path("/org/freedesktop/portal/desktop"))
        .and_then(|b| b.build())
        .map_err(|e| format!("no desktop portal ({e})"))?;
    // Asking for the file chooser's version starts the portal when it is
    // installed but not running, and fails when it is not there.
    proxy
        .get(InterfaceName::from_static_str_unchecked("org.freedesktop.portal.FileChooser"), "version")
        .map(|_| ())
        .map_err(|e| format!("no file-chooser portal on the session bus ({})", short(&e.to_string())))
}

/// Windows and macOS dialogs need no portal.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn probe_portal() -> Result<(), String> {
    Ok(())
}

/// The first line of an error, not too long for the status bar.
#[cfg(all(unix, not(target_os = "macos")))]
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

/// Draws the in-app dialog (if open), once a frame, touching only the
/// picker: returns its note for the status bar and the pick (or its
/// cancellation) as an action, applied with the frame's other actions.
pub(crate) fn frame(picker: &mut Picker, ctx: &egui::Context) -> (Option<String>, Option<super::Action>) {
    let done = picker.show(ctx);
    let note = picker.take_note();
    let action = done.map(|(purpose, picked)| match picked {
        Picked::Chosen(path) => super::Action::Picked { purpose, path },
        Picked::Cancelled => super::Action::PickCancelled,
    });
    (note, action)
}

/// The app's side: what each pick leads to.
impl super::JianbaoApp {
    /// Starts a pick for `purpose`, near the open file.
    pub(crate) fn pick(&mut self, purpose: Purpose, then: Option<super::Guarded>, ctx: &egui::Context) {
        let start = match (&self.open.origin, &purpose) {
            (super::Origin::File(p), Purpose::SaveIssueAs { file_name }) => p.parent().map(|d| d.join(file_name)),
            (super::Origin::File(p), _) => p.parent().map(Path::to_path_buf),
            _ => None,
        };
        if self.picker.request(purpose, start.as_deref(), ctx) {
            self.after_pick = then;
        }
        if let Some(note) = self.picker.take_note() {
            self.info(note);
        }
    }

    /// Acts on a pick.
    pub(crate) fn picked(&mut self, purpose: Purpose, path: PathBuf, ctx: &egui::Context) {
        let then = self.after_pick.take();
        match purpose {
            Purpose::OpenIssue => {
                self.open_path(&path);
            }
            Purpose::SaveIssueAs { .. } => {
                if self.save_to(&path)
                    && let Some(then) = then
                {
                    self.continue_guarded(then, ctx);
                }
            }
            Purpose::OpenRepository => self.guarded(super::Guarded::OpenRepo(path), ctx),
        }
    }

    /// Which dialogs the window uses (tests force the in-app one).
    pub fn set_dialog_choice(&mut self, choice: DialogChoice) {
        self.picker = Picker::new(choice);
    }

    /// True while a file dialog is open.
    pub fn picker_open(&self) -> bool {
        self.picker.is_open()
    }
}
