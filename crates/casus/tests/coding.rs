//! Coding rules end to end, one sentence each: who did what to whom, and according
//! to whom.

use casus::record::{event_records, EventRecord};
use casus::Casus;
use std::sync::OnceLock;

fn events(text: &str) -> Vec<EventRecord> {
    static CASUS: OnceLock<Casus> = OnceLock::new();
    let casus = CASUS.get_or_init(|| Casus::new().unwrap());
    let meta = casus::DocMeta {
        id: "t".into(),
        date: Some("2015-10-01".parse().unwrap()),
        ..Default::default()
    };
    event_records(&casus.analyze(text.to_string(), meta).unwrap())
}

/// `(source, cameo, trigger)` of every event.
fn triples(text: &str) -> Vec<(String, String, String)> {
    events(text)
        .into_iter()
        .map(|e| {
            (
                e.source.map_or("---".to_string(), |a| a.code),
                e.cameo,
                e.trigger.text,
            )
        })
        .collect()
}

fn has(text: &str, source: &str, cameo: &str) -> bool {
    triples(text)
        .iter()
        .any(|(s, c, _)| s == source && c == cameo)
}

#[test]
fn the_means_of_a_passive_killing_names_its_agent() {
    assert!(
        has(
            "Six people were killed in police firing in Surat.",
            "COP",
            "1823"
        ),
        "{:?}",
        triples("Six people were killed in police firing in Surat.")
    );
    assert!(has(
        "Two children were wounded in an Israeli airstrike.",
        "ISR",
        "180"
    ));
}

#[test]
fn a_past_verb_misread_as_a_noun_still_codes() {
    let t = "Israeli soldiers shot and killed a Palestinian youth.";
    assert!(has(t, "ISRMIL", "1823"), "{:?}", triples(t));
}

#[test]
fn devices_and_event_nouns_carry_events_without_actors() {
    assert!(has(
        "A roadside bomb exploded in western Baghdad.",
        "---",
        "183"
    ));
    assert!(has(
        "Heavy fighting broke out in Aden on Sunday.",
        "---",
        "190"
    ));
}

#[test]
fn disasters_are_not_attacks() {
    let t = "At least five people were killed after a volcano erupted off the coast.";
    assert!(
        !triples(t).iter().any(|(_, c, _)| c.starts_with("18")),
        "{:?}",
        triples(t)
    );
}

#[test]
fn accidents_and_disaster_relief_are_not_violence_or_force() {
    let t =
        "Four workers were killed and nine others hurt when a boiler exploded at a textile mill on Monday.";
    assert!(
        !triples(t).iter().any(|(_, c, _)| c.starts_with("18")),
        "{:?}",
        triples(t)
    );
    let t = "The army mobilized troops to help people trapped by the floods.";
    assert!(
        !triples(t).iter().any(|(_, c, _)| c.starts_with("15")),
        "{:?}",
        triples(t)
    );
}

#[test]
fn reported_speech_is_attributed_and_raising_reports_are_not_statements() {
    let e = events("US officials said that Russian warplanes bombed rebel positions near Hama.");
    let struck = e
        .iter()
        .find(|e| e.trigger.text == "bombed")
        .expect("bombing event");
    let a = struck.attribution.as_ref().expect("attributed");
    assert_eq!(
        (a.code.as_deref(), a.cue.as_str()),
        (Some("USAGOV"), "said")
    );

    let e = events("Russian warplanes bombed rebel positions, according to US officials.");
    let a = e[0].attribution.as_ref().expect("according to");
    assert_eq!(
        (a.text.as_str(), a.cue.as_str()),
        ("US officials", "according to")
    );

    let e = events("The US is said to be reducing intelligence coordination with Iraq.");
    assert!(e.iter().all(|e| e.cameo != "010"), "{e:#?}");
    let reducing = e.iter().find(|e| e.trigger.text == "reducing").unwrap();
    assert_eq!(reducing.source.as_ref().unwrap().code, "USA");
    assert_eq!(reducing.modality, "reported");
}

#[test]
fn a_quote_knows_its_speaker() {
    let casus = Casus::new().unwrap();
    let doc = casus
        .analyze_text(
            "q",
            "“We will not stand by while civilians die,” the foreign minister said.",
        )
        .unwrap();
    let quotes = casus::record::quote_records(&doc);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].text, "We will not stand by while civilians die,");
    let speaker = quotes[0].speaker.as_ref().expect("speaker");
    assert_eq!(speaker.cue, "said");
    assert!(speaker.text.contains("minister"), "{speaker:?}");
}

#[test]
fn a_definite_description_stands_for_the_actor_of_the_act_it_names() {
    let e = events(
        "Russia has been urging a broad coalition against ISIS. The call was mocked by President Obama.",
    );
    let mocked = e
        .iter()
        .find(|e| e.trigger.text == "mocked")
        .expect("mocked");
    assert_eq!(mocked.target.as_ref().map(|a| a.code.as_str()), Some("RUS"));
    assert!(
        mocked.provenance.contains("the call"),
        "{}",
        mocked.provenance
    );
    // Without an earlier act to describe, nothing is invented.
    let e = events("The call was mocked by President Obama.");
    let mocked = e
        .iter()
        .find(|e| e.trigger.text == "mocked")
        .expect("mocked");
    assert!(mocked.target.is_none());
}

#[test]
fn refusals_are_rejections_not_negated_cooperation() {
    // A modal refusal: CAMEO 1243, refuse to release, asserted and not negated.
    let e = events("Iran will not release the British tanker.");
    let release = e.iter().find(|e| e.trigger.text == "release").unwrap();
    assert_eq!(release.cameo, "1243");
    assert!(!release.negated);
    assert_eq!(release.modality, "asserted");
    assert!(
        release.provenance.contains("refused"),
        "{}",
        release.provenance
    );
    // "Refused to ...": one specific rejection, no generic 120 beside it.
    let t = triples("Iran refused to release the British tanker.");
    assert_eq!(
        t,
        [("IRN".to_string(), "1243".to_string(), "release".to_string())]
    );
    // Refusing to negotiate is 125; the pronoun is the speaker.
    let t = triples("Israel said it would not negotiate with Hamas.");
    assert!(t.iter().any(|(s, c, _)| s == "ISR" && c == "125"), "{t:?}");
    // A plain past negation is not a refusal: the event is only negated.
    let e = events("Iran did not release the British tanker.");
    let release = e.iter().find(|e| e.trigger.text == "release").unwrap();
    assert!(
        release.negated && release.cameo.starts_with("084"),
        "{release:?}"
    );
}

#[test]
fn it_and_he_refer_to_the_actor_of_their_sentence_but_not_as_an_expletive() {
    // (A promised meeting is an intent to meet, CAMEO 036; a willingness to
    // withdraw an intent to de-escalate, 0356.)
    let t = triples("Putin said he would meet Erdogan next week.");
    assert!(
        t.iter().any(|(s, c, _)| s == "RUSGOV" && c == "036"),
        "{t:?}"
    );
    // What an actor says about itself is not said to itself.
    let e = events("Turkey said it would send troops to the border.");
    let said = e.iter().find(|e| e.cameo.starts_with("01")).unwrap();
    assert!(said.target.is_none(), "{said:?}");
    // "It's": an expletive, not Turkey.
    let e = events("Turkey condemned the attack, but it's unclear who carried it out.");
    assert!(
        e.iter()
            .all(|e| e.source.as_ref().is_none_or(|s| s.text != "it")),
        "{e:?}"
    );
}

#[test]
fn a_country_named_with_periods_is_an_actor() {
    let t = triples("The U.S. condemned the attack.");
    assert!(t.iter().any(|(s, c, _)| s == "USA" && c == "111"), "{t:?}");
    let t = triples("U.S. troops attacked the town.");
    assert!(t.iter().any(|(s, _, _)| s == "USAMIL"), "{t:?}");
}

#[test]
fn an_event_noun_is_not_coded_again_under_the_verb_that_undoes_it() {
    // "Lifted sanctions" eases sanctions; it does not also impose them.
    let e = events("The US lifted sanctions on Iran.");
    assert!(e.iter().any(|e| e.cameo == "085"), "{e:?}");
    assert!(e.iter().all(|e| !e.cameo.starts_with("16")), "{e:?}");
    // The noun's target becomes the verb's.
    let e = events("Britain has reduced aid to Yemen.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].target.as_ref().map(|t| t.code.as_str()), Some("YEM"));
    assert!(e[0].cameo.starts_with("16"), "{e:?}");
}

#[test]
fn titled_leaders_opening_a_sentence_are_its_subject_even_when_misparsed() {
    let t = triples(
        "Chinese President Jiang Zemin on Sunday hosted Cuban President Fidel Castro in this southern city.",
    );
    // The test documents are dated 2015-10-01: Jiang is then a former president.
    assert!(
        t.iter().any(|(s, c, _)| s == "CHNELI" && c == "043"),
        "{t:?}"
    );
    // A title before a name the dictionaries do not know still codes the actor.
    let t = triples("Malian President Seydou Traore will visit Senegal.");
    assert!(
        t.iter().any(|(s, c, _)| s == "MLIGOV" && c == "036"),
        "{t:?}"
    );
}

#[test]
fn coordinated_subjects_each_act_and_meet_each_other() {
    let e = events("Israel and Lebanon met in Geneva.");
    let pairs: Vec<(String, String)> = e
        .iter()
        .map(|e| {
            (
                e.source.as_ref().map_or("---".into(), |a| a.code.clone()),
                e.target.as_ref().map_or("---".into(), |a| a.code.clone()),
            )
        })
        .collect();
    assert!(pairs.contains(&("ISR".into(), "LBN".into())), "{pairs:?}");
    assert!(pairs.contains(&("LBN".into(), "ISR".into())), "{pairs:?}");
    // Not reciprocal when the act has its own target: both attacked ISIS.
    let t = triples("Russia and Iran attacked ISIS positions.");
    assert!(t.iter().any(|(s, _, _)| s == "RUS"), "{t:?}");
    assert!(t.iter().any(|(s, _, _)| s == "IRN"), "{t:?}");
    assert!(events("Russia and Iran attacked ISIS positions.")
        .iter()
        .all(|e| e.target.as_ref().map(|t| t.code.as_str()) == Some("IMGMUSISI")));
}

#[test]
fn titles_ranks_and_agents_of_a_country_compose_actor_codes() {
    let t = triples("Kenya's Deputy Foreign Minister visited Ghana on Monday.");
    assert!(
        t.iter().any(|(s, c, _)| s == "KENGOV" && c == "042"),
        "{t:?}"
    );
    let t = triples("The government of Italy condemned the attack.");
    assert!(t.iter().any(|(s, _, _)| s == "ITAGOV"), "{t:?}");
    let t = triples("Refugees from Syria protested in Athens.");
    assert!(t.iter().any(|(s, _, _)| s == "SYRREF"), "{t:?}");
    // Troops pulled from a country are not that country's troops.
    let t = triples("Russia pulled its troops from Syria.");
    assert!(t.iter().all(|(s, _, _)| !s.starts_with("SYR")), "{t:?}");
    // A titled name the parser attached as an oblique is still the object.
    let e = events(
        "British Foreign Secretary Robin Cook telephoned Russian Foreign Minister Igor Ivanov on Friday.",
    );
    let call = e.iter().find(|e| e.cameo == "041").expect("a call");
    // (Ivanov left office in 2004: on the test date, 2015, he is an elite.)
    assert_eq!(
        call.target.as_ref().map(|t| t.code.as_str()),
        Some("RUSELI")
    );
    // "It is willing to": the actor, not an expletive.
    let t =
        triples("Armenia has said it is willing to withdraw its units from the disputed villages.");
    assert!(t.iter().any(|(s, c, _)| s == "ARM" && c == "0356"), "{t:?}");
}

#[test]
fn counted_subjects_perfects_and_possessed_titles_find_their_actor() {
    // "Hundreds of Turkish students": the people counted act.
    let t = triples("Hundreds of Turkish students demonstrated in Ankara on Friday.");
    assert!(
        t.iter()
            .any(|(s, c, _)| s == "TUREDU" && c.starts_with("14")),
        "{t:?}"
    );
    // "it had halted": an active perfect even if parsed with a passive subject.
    let e = events("Canada said on Monday it had halted military aid to Myanmar.");
    let halt = e.iter().find(|e| e.cameo.starts_with("16")).expect("a cut");
    assert_eq!(halt.source.as_ref().map(|s| s.code.as_str()), Some("CAN"));
    assert_eq!(halt.target.as_ref().map(|s| s.code.as_str()), Some("MMR"));
    // A possessor owns its modified agent noun.
    let t = triples("Venezuela's socialist government ordered the radio station to close.");
    assert!(t.iter().any(|(s, _, _)| s == "VENGOV"), "{t:?}");
    // A group's members carry the group's code, not a doubled role.
    let t = triples("Al-Shabab fighters attacked an Ethiopian army convoy.");
    assert!(t.iter().any(|(s, _, _)| s == "SOMREBSHB"), "{t:?}");
}

#[test]
fn attacks_by_armed_forces_or_groups_are_fighting() {
    let t = triples("Al-Shabab fighters attacked an Ethiopian army convoy.");
    assert!(
        t.iter().any(|(s, c, _)| s == "SOMREBSHB" && c == "190"),
        "{t:?}"
    );
    // An attacker who is no armed actor stays unconventional violence.
    let t = triples("Protesters attacked a police station.");
    assert!(t.iter().all(|(_, c, _)| c != "190"), "{t:?}");
}

#[test]
fn custody_catching_and_booking_are_arrests_and_figurative_force_is_not() {
    let t = triples("Some 40 students were taken into custody in several districts.");
    assert!(t.iter().any(|(s, c, _)| s == "COP" && c == "173"), "{t:?}");
    let t = triples("The police moved in and caught two of the looters.");
    assert!(t.iter().any(|(s, c, _)| s == "COP" && c == "173"), "{t:?}");
    let t = triples("The driver and two others have been booked for murder.");
    assert!(t.iter().any(|(s, c, _)| s == "COP" && c == "173"), "{t:?}");
    // Arresting a decline and killing a bill are figures of speech.
    let t = triples("The new measures helped to arrest the rapid decline.");
    assert!(t.iter().all(|(_, c, _)| c != "173"), "{t:?}");
    let t = triples("The senate killed the bill.");
    assert!(t.iter().all(|(_, c, _)| !c.starts_with("18")), "{t:?}");
}

#[test]
fn an_infinitive_is_intended_unless_its_verb_says_it_happened() {
    let e = events("The police sent teams to Mumbai to apprehend the suspect.");
    let arrest = e.iter().find(|e| e.cameo == "173").expect("an arrest");
    assert_eq!(arrest.modality, "intended");
    let e = events("Police managed to arrest the suspect.");
    let arrest = e.iter().find(|e| e.cameo == "173").expect("an arrest");
    assert_eq!(arrest.modality, "asserted");
    // Catching flights or being caught unawares is no arrest by the police.
    let t = triples("Tourists have to catch early flights from Delhi.");
    assert!(
        t.iter().all(|(s, c, _)| !(s == "COP" && c == "173")),
        "{t:?}"
    );
    let t = triples("Many travellers asked to be booked on later trains.");
    assert!(
        t.iter().all(|(s, c, _)| !(s == "COP" && c == "173")),
        "{t:?}"
    );
}

#[test]
fn a_counted_noun_attached_as_an_oblique_is_the_object() {
    let t = triples("The police fired more than 200 rounds.");
    assert!(t.iter().any(|(s, c, _)| s == "COP" && c == "193"), "{t:?}");
}

#[test]
fn a_particle_read_as_an_adverb_still_completes_its_verb() {
    let t = triples("Dock workers walked out over pay.");
    assert!(t.iter().any(|(s, c, _)| s == "LAB" && c == "143"), "{t:?}");
}

#[test]
fn promised_cooperation_is_an_intent_and_failure_is_negation() {
    // CAMEO 03: "offer, promise, agree to, or otherwise indicate willingness".
    let t = triples("The rebels said they will release the 12 aid workers.");
    assert!(t.iter().any(|(s, c, _)| s == "REB" && c == "0353"), "{t:?}");
    let t = triples("Ethiopia was willing to withdraw its soldiers from Tigray.");
    assert!(t.iter().any(|(s, c, _)| s == "ETH" && c == "0356"), "{t:?}");
    // One intent, not also an agreement at "agreed", nor an imposition of sanctions.
    let e = events("The European Union has agreed to lift the sanctions on Belarus.");
    let codes: Vec<&str> = e.iter().map(|e| e.cameo.as_str()).collect();
    assert_eq!(codes, ["0354"], "{e:?}");
    // A wish is no promise.
    let t = triples("Japan wants to meet China.");
    assert!(t.iter().all(|(_, c, _)| !c.starts_with("03")), "{t:?}");
    // "Failed to reach agreement": no agreement happened.
    let e = events("The two governments failed to reach agreement on a border treaty.");
    assert!(e.iter().all(|e| e.cameo != "057" || e.negated), "{e:?}");
}

#[test]
fn a_pronoun_actor_is_shown_by_the_name_it_stands_for() {
    let e = events("Hungary said on Monday it had expelled diplomats from Ukraine.");
    let expelled = e
        .iter()
        .find(|e| e.cameo.starts_with("16"))
        .expect("an expulsion");
    let source = expelled.source.as_ref().expect("a source");
    assert_eq!(
        (source.text.as_str(), source.code.as_str()),
        ("Hungary", "HUN")
    );
    // A perfect is active: "has resigned" has its subject.
    let t = triples("Peru's President Jorge Salas has resigned after weeks of protests.");
    assert!(t.iter().any(|(s, _, _)| s == "PERGOV"), "{t:?}");
}

#[test]
fn a_present_verb_after_a_plural_subject_is_not_a_noun_compound() {
    let t = triples("U.N. peacekeepers patrol the border zone.");
    assert!(t.iter().any(|(_, c, _)| c == "150"), "{t:?}");
}

#[test]
fn continued_assaults_and_discovered_bodies_are_events() {
    let t = triples("Army units continued their offensive in the eastern hills.");
    assert!(t.iter().any(|(_, c, _)| c == "190"), "{t:?}");
    let t = triples("The bodies of four farmers were found near a river.");
    assert!(t.iter().any(|(_, c, _)| c == "1823"), "{t:?}");
}

#[test]
fn events_carry_their_plover_type_mode_and_context() {
    let e = events("Police arrested 30 protesters in Cairo.");
    let arrest = e.iter().find(|e| e.cameo == "173").expect("an arrest");
    assert_eq!(arrest.plover.as_deref(), Some("COERCE"));
    assert_eq!(arrest.plover_mode.as_deref(), Some("arrest"));
    assert_eq!(arrest.plover_context, ["legal"]);
}
