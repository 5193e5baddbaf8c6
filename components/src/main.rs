//! The app's entry point: mounts the Leptos app on the page.

fn main() {
    leptos::mount::mount_to_body(dmarc_lens_app::shell::App);
}
