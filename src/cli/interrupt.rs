//! An interrupted run leaves nothing behind: on Ctrl-C, SIGTERM or SIGHUP
//! (Unix), Ctrl-C, Ctrl-Break or the console window closed (Windows), the
//! temporary files of the outputs being written are removed
//! (`outputs::write::abandon_staged`) and the process ends as the system
//! would have ended it. The outputs stay as the last run left them.

/// Installs the handling, before any other thread is started.
pub(super) fn install() {
    platform::install();
}

#[cfg(unix)]
mod platform {
    use std::ffi::c_int;
    use std::ptr::null_mut;

    /// What ends a run from outside: Ctrl-C, `kill`, the terminal closed.
    const SIGNALS: [c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    /// The signals are blocked in this thread, so in every thread started
    /// after it, and waited for by a thread of their own: what it does
    /// then is ordinary code (a lock, files removed), which a signal
    /// handler could not do. A signal the run was started ignoring (nohup,
    /// a background job) stays ignored.
    pub(super) fn install() {
        // SAFETY: signal sets and masks filled by the calls made for them.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in SIGNALS {
                let mut was: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut was) == 0
                    && was.sa_sigaction != libc::SIG_IGN
                {
                    libc::sigaddset(&mut set, signal);
                }
            }
            if libc::pthread_sigmask(libc::SIG_BLOCK, &set, null_mut()) != 0 {
                return;
            }
            let waiter = std::thread::Builder::new()
                .name("interrupt".into())
                .spawn(move || {
                    loop {
                        let mut signal = 0;
                        if libc::sigwait(&set, &mut signal) == 0 {
                            end(signal);
                        }
                    }
                });
            if waiter.is_err() {
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, null_mut());
            }
        }
    }

    /// Removes the temporary files, then ends by the signal itself (a shell
    /// sees a run killed by Ctrl-C, and a script stops).
    fn end(signal: c_int) -> ! {
        crate::outputs::write::abandon_staged();
        // SAFETY: the signal's default action restored, and the signal
        // raised in this thread, where it is unblocked.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            let mut one: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut one);
            libc::sigaddset(&mut one, signal);
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &one, null_mut());
            libc::raise(signal);
        }
        std::process::exit(128 + signal)
    }
}

#[cfg(windows)]
mod platform {
    use windows_sys::Win32::System::Console::SetConsoleCtrlHandler;
    use windows_sys::core::BOOL;

    /// STATUS_CONTROL_C_EXIT: how Windows ends a console program on Ctrl-C.
    const INTERRUPTED: i32 = 0xC000_013A_u32 as i32;

    /// Called by Windows on a thread of its own, for every event (Ctrl-C,
    /// Ctrl-Break, the window closed, logoff, shutdown): the process ends
    /// here, after the files are removed (a closed window's process is
    /// ended as soon as the handler returns, so it must not return first).
    unsafe extern "system" fn handler(_event: u32) -> BOOL {
        crate::outputs::write::abandon_staged();
        std::process::exit(INTERRUPTED)
    }

    pub(super) fn install() {
        // SAFETY: registers a function that lives as long as the program.
        unsafe { SetConsoleCtrlHandler(Some(handler), 1) };
    }
}

#[cfg(not(any(unix, windows)))]
mod platform {
    pub(super) fn install() {}
}
