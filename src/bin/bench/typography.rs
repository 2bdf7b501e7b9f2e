//! The typography report: a 10-page text of varied sentences about the worked example, laid
//! out through the renderer and measured from its pages (`layout::typography`). With
//! `--typography-text` the bench prints the same text as Typst markup, and with
//! `--typography-file FILE` saves it as a briefing, to set both and compare.

use briefdesk::model::{Briefing, Section, Status};
use briefdesk::pipeline::{RenderOptions, Renderer};

const SENTENCES: &[&str] = &[
    "In July 2022 a destructive cyberattack shut down many of the online services through which Albanians file taxes, register businesses and request civil documents.",
    "Prime Minister Edi Rama later said the attack had begun on 15 July, while several other accounts place the main disruption two days afterwards.",
    "Investigators working with Microsoft and the FBI concluded that the intruders had first entered government networks roughly fourteen months before the destructive phase.",
    "Microsoft's public report tied the operators to actors associated with Iran's Ministry of Intelligence and Security, a finding Tehran rejected.",
    "The timing drew immediate attention, because an opposition conference organised by the exiled People's Mojahedin Organization was due to open in Manëz days later.",
    "Albania has hosted several thousand members of the group since 2014, when they were relocated from a camp in Iraq at the request of the United States.",
    "On 7 September Rama announced in a recorded video message that Albania was severing diplomatic relations with the Islamic Republic.",
    "Iranian diplomats and embassy staff were given twenty-four hours to leave the country, an unusually short deadline in modern diplomatic practice.",
    "The decision is widely described as the first time a state has cut diplomatic ties in response to a cyber operation.",
    "Washington called the attack a troubling precedent and promised further action to hold Iran accountable for its conduct in cyberspace.",
    "NATO and the European Union issued statements of solidarity, although Albania chose not to invoke the alliance's collective-defence clause.",
    "Iran's mission to the United Nations did not immediately comment, and its foreign ministry later dismissed the accusations as baseless.",
    "For smaller states the episode shows how exposed centralised digital government can be when a single platform carries most public services.",
    "Restoring the affected systems took weeks, and officials acknowledged that some archives had been damaged beyond straightforward recovery.",
    "Analysts disagree about whether a diplomatic break deters future operations or merely removes a channel through which disputes might be managed.",
    "There is still no agreed threshold at which a cyber operation becomes an armed attack, which leaves governments improvising their responses.",
    "Attribution itself rests on technical evidence that is rarely published in full, so allies must often decide how much trust to extend.",
    "The case also illustrates the particular risks borne by countries that shelter exiled opposition movements hostile to powerful neighbours.",
    "Earlier that year Iran and Russia had publicised a cybersecurity cooperation agreement, though no connection to the attack has been demonstrated.",
    "Later, Albanian leaders called on Tehran to halt its nuclear programme, and the prime minister paid an official visit to Israel.",
    "Teachers using the case can ask students to reconcile the conflicting dates and to explain why sources report them differently.",
    "A useful exercise is to distinguish what investigators established, what officials asserted, and what commentators merely inferred.",
    "Key terms include attribution, diplomatic severance, collective defence and state-sponsored intrusion, each of which deserves a careful definition.",
    "Policy staff drafting recommendations should weigh the signalling value of expulsion against the intelligence value of keeping an embassy open.",
    "Insurance, procurement and incident-reporting rules all shape how quickly a government can recover after its networks are compromised.",
    "Interoperable backups, segmented networks and rehearsed recovery plans would have limited the damage, according to several independent reviews.",
    "Some observers argued that the response was proportionate precisely because it was diplomatic rather than military or economic.",
    "Others warned that severing relations leaves citizens abroad without consular protection and complicates any later attempt at reconciliation.",
    "Public communication mattered as well: the government's early statements were brief, and detailed explanations arrived only after the break.",
    "Whatever its long-term effects, the Albanian decision has become a reference point in debates about state responsibility online.",
];

/// About `pages` pages of body text: paragraphs of four to six sentences in a fixed
/// pseudo-random order, a heading every six paragraphs.
pub fn text(pages: usize) -> Vec<(String, Vec<String>)> {
    let mut seed: u64 = 0x2022_0717;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % n
    };
    // Measured: about five paragraphs of this text fill an A4 page.
    let paragraphs = pages * 5;
    let mut sections = Vec::new();
    for p in 0..paragraphs {
        if p % 6 == 0 {
            sections.push((format!("Part {}", p / 6 + 1), Vec::new()));
        }
        let count = 4 + next(3);
        let paragraph: Vec<&str> = (0..count)
            .map(|_| SENTENCES[next(SENTENCES.len())])
            .collect();
        if let Some((_, body)) = sections.last_mut() {
            body.push(paragraph.join(" "));
        }
    }
    sections
}

/// The text as a briefing.
pub fn briefing(pages: usize) -> Briefing {
    let mut b = Briefing::new("Typography sample");
    b.meta.status = Status::Draft;
    b.meta.date = "2026-12-02".into();
    b.sections = text(pages)
        .into_iter()
        .enumerate()
        .map(|(i, (title, paragraphs))| Section {
            id: format!("t{i}"),
            block: "incident@1".into(),
            title,
            body: paragraphs.join("\n\n"),
            ..Section::default()
        })
        .collect();
    b
}

/// Prints the report for the 10-page text.
pub fn print_report() {
    let mut renderer = Renderer::new();
    let Ok(rendered) = renderer.render(&briefing(10), &RenderOptions::default()) else {
        println!("typography: the 10-page text did not render");
        return;
    };
    let r = briefdesk::layout::typography::report(&rendered.pages);
    println!(
        "typography, 10-page text ({} pages, {} full body lines): loosest line's mean word space {:.2} em, 90th percentile {:.3} em, lines ending in a hyphen {:.1} %, hyphens on consecutive lines {}, lines looser than the {:.2} em cap {}",
        rendered.pages.pages.len(),
        r.full_lines,
        r.loosest,
        r.p90,
        r.hyphen_share * 100.0,
        r.consecutive_hyphens,
        briefdesk::layout::paragraph::WORD_SPACE_CAP,
        r.over_cap
    );
}

/// Prints the text as headings and paragraphs separated by blank lines.
pub fn print_text() {
    for (title, paragraphs) in text(10) {
        println!("= {title}\n");
        for p in paragraphs {
            println!("{p}\n");
        }
    }
}
