//! Any bytes as a briefing file: read or refused with a message; what is read writes back
//! and reads again unchanged, and exports.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok((briefing, _)) = briefdesk::io::from_json(&text) {
        let written = briefdesk::io::to_json(&briefing);
        let (back, _) = briefdesk::io::from_json(&written).expect("our own output reads back");
        assert_eq!(back, briefing);
        let _ = briefdesk::pipeline::pdf(
            &briefing,
            None,
            &briefdesk::compose::ComposeOptions::default(),
        );
    }
});
