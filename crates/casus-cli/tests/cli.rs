//! End-to-end tests of the `casus` binary: the batch contract and bad input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn casus(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run casus");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    // Feed stdin from a thread so a large input cannot deadlock against stdout.
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad output line {l}: {e}")))
        .collect()
}

#[test]
fn jsonl_contract_one_output_line_per_input_line() {
    let input = concat!(
        "{\"id\": \"a1\", \"text\": \"Iraqi troops launched an assault on ISIS positions near Mosul on Thursday.\", \"date\": \"2016-10-20\"}\n",
        "this is not json\n",
        "{\"id\": \"a3\", \"text\": \"\"}\n",
        "{\"id\": \"a4\", \"title\": \"no text\"}\n",
        "{\"id\": \"a5\", \"text\": \"Russia’s jets flew. “They struck,” he said.\", \"date\": \"not a date\"}\n",
    );
    let out = casus(
        &["code", "--input", "jsonl", "--output", "jsonl"],
        input.as_bytes(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = lines(&out);
    assert_eq!(v.len(), 5);
    assert_eq!(v[0]["id"], "a1");
    // The contract's own example: Iraqi troops (IRQMIL) assault ISIS (IMGMUSISI).
    let e = &v[0]["events"][0];
    assert_eq!(
        (e["source"]["code"].as_str(), e["target"]["code"].as_str()),
        (Some("IRQMIL"), Some("IMGMUSISI")),
        "{e}"
    );
    assert_eq!(
        (e["source"]["start"].as_u64(), e["source"]["end"].as_u64()),
        (Some(0), Some(12))
    );
    assert_eq!(e["cameo"].as_str().map(|c| &c[..2]), Some("19"), "{e}");
    assert_eq!(e["quad_class"], 4);
    assert_eq!(e["modality"], "asserted");
    assert!(
        e["provenance"].as_str().unwrap().contains("verbs.txt:"),
        "{e}"
    );
    assert_eq!(v[0]["date"], "2016-10-20");
    assert!(v[0]["sentences"][0]["tokens"].as_array().unwrap().len() > 10);
    assert!(v[1]["id"].is_null());
    assert_eq!(v[1]["line"], 2);
    assert!(v[1]["error"]
        .as_str()
        .unwrap()
        .contains("not a JSON object"));
    assert_eq!(v[2]["id"], "a3");
    assert!(v[2]["error"].as_str().unwrap().contains("empty document"));
    assert!(v[3]["error"]
        .as_str()
        .unwrap()
        .contains("field `text`: missing"));
    // Character offsets: "’" is one character.
    let toks = &v[4]["sentences"][0]["tokens"];
    assert_eq!(toks[1]["text"], "’s");
    assert_eq!(toks[1]["start"], 6);
    assert_eq!(v[4]["sentences"].as_array().unwrap().len(), 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:5: field `date`"), "{stderr}");
    assert!(stderr.contains("<stdin>:2: not a JSON object"), "{stderr}");
}

#[test]
fn output_is_deterministic() {
    let input = b"{\"id\":\"x\",\"text\":\"Gen. Smith met Sen. Jones in the U.S. on Sept. 29. They talked.\"}\n";
    let a = casus(&["code"], input);
    let b = casus(&["code"], input);
    assert_eq!(a.stdout, b.stdout);
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn bad_files_are_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a-good.txt",
        b"Russia moved its warplanes. France urged it to strike.",
    );
    write(d, "b-binary.txt", b"\x00\x01\x02\x03binary");
    write(d, "c-empty.txt", b"");
    write(d, "d-latin1.txt", b"Caf\xe9 owners protested in Paris.");
    write(d, "e-page.html", b"<html><body><div><div><p>Police arrested three protesters in Delhi on Monday.<p>Broken <b>markup");
    write(
        d,
        "nested/f-more.jsonl",
        b"{\"id\":\"j1\",\"text\":\"Hello there.\"}\n{broken\n",
    );
    write(d, ".hidden.txt", b"never read");
    let out = casus(&["code", d.to_str().unwrap(), "--output", "jsonl"], b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v = lines(&out);
    let ids: Vec<String> = v
        .iter()
        .map(|x| {
            x["id"]
                .as_str()
                .unwrap_or("-")
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "a-good.txt",
            "-",
            "-",
            "d-latin1.txt",
            "e-page.html",
            "j1",
            "-"
        ],
        "{stderr}"
    );
    assert!(stderr.contains("b-binary.txt: binary file"), "{stderr}");
    assert!(stderr.contains("c-empty.txt: empty document"), "{stderr}");
    assert!(stderr.contains("d-latin1.txt: invalid UTF-8"), "{stderr}");
    assert!(
        stderr.contains("f-more.jsonl:2: not a JSON object"),
        "{stderr}"
    );
    assert!(v[4]["sentences"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Police arrested"));
}

#[test]
fn unreadable_path_fails_the_run_but_not_the_others() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", b"It works.");
    let ok = dir.path().join("ok.txt");
    let out = casus(
        &[
            "code",
            "/nonexistent/file.txt",
            ok.to_str().unwrap(),
            "--output",
            "sentences",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("doc_id\tsentence"));
    assert!(stdout.contains("It works."));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.txt: cannot read"));
}

#[test]
fn a_fifty_megabyte_document() {
    let dir = tempfile::tempdir().unwrap();
    let sentence =
        "Officials in Kabul said on Sept. 29 that U.S. forces had withdrawn from two bases. ";
    let mut text = String::with_capacity(51 << 20);
    let mut n = 0;
    while text.len() < 50 << 20 {
        text.push_str(sentence);
        n += 1;
        if n % 40 == 0 {
            text.push_str("\n\n");
        }
    }
    write(dir.path(), "big.txt", text.as_bytes());
    // Segmentation only: the full pipeline on 50 MB takes minutes, which CI need not
    // spend to show that nothing breaks on a large document.
    let out = casus(
        &[
            "code",
            dir.path().join("big.txt").to_str().unwrap(),
            "--output",
            "sentences",
            "--segment-only",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.stdout.iter().filter(|&&b| b == b'\n').count(),
        n + 1,
        "one row per sentence plus the header"
    );
}

#[test]
fn ontology_lookups() {
    let out = casus(&["ontology", "cameo", "0311"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("0311  "), "{text}");
    assert!(
        text.contains("quad class  1 (verbal cooperation)"),
        "{text}"
    );
    let out = casus(&["ontology", "cameo", "311"], b"");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("write 0311"));
    let out = casus(&["ontology", "plover", "assault"], b"");
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("CAMEO codes: "));
    let out = casus(&["ontology", "role", "MIL"], b"");
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("MIL  "));
}

#[test]
fn help_shows_examples() {
    let out = casus(&["code", "--help"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Examples:"), "{text}");
    assert!(text.contains("--input"), "{text}");
}

/// A generated news corpus: `n` short distinct documents over a few dyads and days.
fn generated_corpus(n: usize) -> String {
    let templates = [
        "Russian warplanes struck rebel positions near Hama, the ministry said in report {i}.",
        "France urged Russia to strike Islamic State fighters, the foreign minister said in statement {i}.",
        "Iraqi troops launched an assault on ISIS positions near Mosul, officials said in briefing {i}.",
        "The United States condemned the Russian airstrikes in Syria in note {i}. Washington also met Iraqi officials.",
    ];
    (0..n)
        .map(|i| {
            let text = templates[i % templates.len()].replace("{i}", &i.to_string());
            // Each template's reports fall on consecutive days, so that which
            // reports join one deduplicated event depends on the order of storing.
            format!(
                "{{\"id\":\"g{i}\",\"text\":\"{text}\",\"date\":\"2015-10-{:02}\"}}\n",
                1 + (i / templates.len()) % 20
            )
        })
        .collect()
}

/// `documents`, `events` and deduplicated events from the last line of an ingest's
/// summary.
fn stored_counts(stderr: &[u8]) -> (u64, u64, u64) {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.contains(" documents, "))
        .unwrap_or_else(|| panic!("no summary in {text}"));
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    let n = numbers.len();
    (numbers[n - 3], numbers[n - 2], numbers[n - 1])
}

#[test]
fn ingest_reads_directories_html_and_zstd_and_alerts_name_the_events_behind_a_spike() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(archive.join("october")).unwrap();
    // A quiet fortnight of words between Turkey and Kurdish rebels (zstd JSONL)...
    let quiet: String = (1..=14)
        .step_by(2)
        .map(|day| {
            format!(
                "{{\"id\":\"quiet{day}\",\"text\":\"Turkey criticized the Kurdish rebels in statement {day}.\",\"date\":\"2015-10-{day:02}\"}}\n"
            )
        })
        .collect();
    let zst = ruzstd::encoding::compress_to_vec(
        quiet.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    );
    std::fs::write(archive.join("quiet.jsonl.zst"), zst).unwrap();
    // ...then strikes on four towns in one day: JSONL in a subdirectory and a page.
    let strikes: String = [
        "Turkish warplanes bombed Kurdish rebels near Hakkari.",
        "Turkish troops attacked Kurdish rebels in Cizre.",
        "Turkish warplanes struck Kurdish rebels in Silopi.",
    ]
    .iter()
    .enumerate()
    .map(|(i, text)| {
        format!("{{\"id\":\"strike{i}\",\"text\":\"{text}\",\"date\":\"2015-10-20\"}}\n")
    })
    .collect();
    std::fs::write(archive.join("october/strikes.jsonl"), strikes).unwrap();
    std::fs::write(
        archive.join("october/page.html"),
        "<html><head><title>Strikes in the southeast</title>\
         <meta property=\"article:published_time\" content=\"2015-10-20T08:00:00Z\"></head>\
         <body><article><p>Turkish warplanes struck Kurdish rebels in Semdinli, \
         officials said on Tuesday.</p></article></body></html>",
    )
    .unwrap();
    let db = dir.path().join("alerts.db");
    let db = db.to_str().unwrap();
    let archive = archive.to_str().unwrap();
    let ingest = casus(&["ingest", archive, "--db", db, "--log-interval", "0"], b"");
    let log = String::from_utf8_lossy(&ingest.stderr);
    assert!(ingest.status.success(), "{log}");
    assert_eq!(stored_counts(&ingest.stderr).0, 11, "{log}");
    // Not a terminal: plain progress lines with rates, not a bar.
    assert!(
        log.lines()
            .any(|l| l.starts_with("casus: ingest: ") && l.contains("docs/s")),
        "{log}"
    );

    let table = casus(
        &["query", "--db", db, "--dyad", "TUR*,REB", "--quad", "4"],
        b"",
    );
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.starts_with("date "), "{table}");
    for document in ["strike0", "strike1", "strike2", "page.htm"] {
        assert!(table.contains(document), "{document} missing from\n{table}");
    }

    let alerts = casus(&["alerts", "--db", db, "--level", "country", "--json"], b"");
    let alerts = String::from_utf8(alerts.stdout).unwrap();
    let alerts: Vec<serde_json::Value> = alerts
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let spike = alerts
        .iter()
        .find(|a| a["metric"] == "material_conflict")
        .unwrap_or_else(|| panic!("no material-conflict alert in {alerts:?}"));
    assert_eq!(spike["date"], "2015-10-20");
    assert_eq!(
        (spike["source"].as_str(), spike["target"].as_str()),
        (Some("TUR"), Some("REB"))
    );
    let events = spike["events"].as_array().unwrap();
    assert_eq!(events.len(), 4, "{spike}");
    assert!(events.iter().all(|e| {
        let code = e["cameo"].as_str().unwrap();
        code.starts_with("18") || code.starts_with("19")
    }));
    assert!(
        alerts.iter().all(|a| a["date"] == "2015-10-20"),
        "{alerts:?}"
    );
}

/// Reads a Parquet export back with DuckDB (Python), as a user's notebook would: every
/// event, the partition column `date` recovered from the folder names. DuckDB is the
/// strictest common reader of Hive-partitioned Parquet. Skipped with a note when the
/// `duckdb` Python package is missing, a failure under `CI=true` (CI installs it).
fn read_back_with_duckdb(dir: &Path, events: u64) {
    let script = "import duckdb, sys\n\
        rows = duckdb.sql(\"SELECT count(*), count(DISTINCT date), min(date) FROM \
        read_parquet('\" + sys.argv[1] + \"/*/*.parquet', hive_partitioning=true)\").fetchall()\n\
        print(*rows[0])";
    let out = Command::new("python3")
        .args(["-c", script, dir.to_str().unwrap()])
        .output();
    let out = match out {
        Ok(out) if out.status.success() => out,
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named 'duckdb'") => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI must install duckdb (python3 -m pip install duckdb)"
            );
            eprintln!("skipped: reading Parquet with DuckDB needs `pip install duckdb`");
            return;
        }
        Ok(out) => panic!("duckdb: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "python3: {e}");
            eprintln!("skipped: no python3 to read Parquet with DuckDB: {e}");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(fields[0], events.to_string(), "{text}");
    assert_eq!(fields[1], "20", "one partition per day: {text}");
    assert_eq!(fields[2], "2015-10-01", "{text}");
}

#[test]
fn ingest_killed_mid_run_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news.jsonl");
    std::fs::write(&corpus, generated_corpus(12_000)).unwrap();
    let corpus = corpus.to_str().unwrap();
    let db = dir.path().join("killed.db");
    let db = db.to_str().unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args([
            "ingest",
            corpus,
            "--db",
            db,
            "--batch",
            "64",
            "--no-progress",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill without warning.
    let started = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let out = casus(
            &["query", "--db", db, "--limit", "1", "--format", "jsonl"],
            b"",
        );
        if !out.stdout.is_empty() {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 60,
            "nothing committed in a minute"
        );
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the corpus is too small: ingest finished before it could be killed"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let rerun = casus(&["ingest", corpus, "--db", db, "--no-progress"], b"");
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    let resumed = stored_counts(&rerun.stderr);

    let fresh_db = dir.path().join("fresh.db");
    let fresh = casus(
        &[
            "ingest",
            corpus,
            "--db",
            fresh_db.to_str().unwrap(),
            "--no-progress",
        ],
        b"",
    );
    assert!(fresh.status.success());
    let clean = stored_counts(&fresh.stderr);
    assert_eq!(resumed.0, 12_000);
    assert_eq!(resumed, clean, "killed and resumed vs. one clean run");
    assert!(clean.1 >= 12_000, "{clean:?}");
}

#[test]
fn store_commands_query_export_dyads_and_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news.jsonl.gz");
    {
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&corpus).unwrap(),
            flate2::Compression::fast(),
        );
        gz.write_all(generated_corpus(200).as_bytes()).unwrap();
        gz.write_all(b"{broken json\n").unwrap();
        gz.finish().unwrap();
    }
    let db = dir.path().join("casus.db");
    let db = db.to_str().unwrap();
    let corpus = corpus.to_str().unwrap();
    let first = casus(&["ingest", corpus, "--db", db, "--no-progress"], b"");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("news.jsonl.gz:201"), "{stderr}");
    assert!(stderr.contains("1 errors"), "{stderr}");
    let again = casus(&["ingest", corpus, "--db", db, "--no-progress"], b"");
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 stored, 200 already stored"));

    let query = casus(
        &[
            "query",
            "--db",
            db,
            "--dyad",
            "RUS*,REB",
            "--from",
            "2015-10-01",
            "--to",
            "2015-10-05",
            "--format",
            "csv",
        ],
        b"",
    );
    assert!(
        query.status.success(),
        "{}",
        String::from_utf8_lossy(&query.stderr)
    );
    let csv = String::from_utf8(query.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty(), "{csv}");
    assert!(
        rows.iter()
            .all(|r| r.contains(",RUS") && r.contains("2015-10-0")),
        "{csv}"
    );

    // GDELT rows are deduplicated events: as many as the ingest summary's clusters,
    // fewer than the reports.
    let (_, reports, distinct) = stored_counts(&first.stderr);
    let gdelt = casus(&["export", "--db", db, "--format", "gdelt"], b"");
    let gdelt = String::from_utf8(gdelt.stdout).unwrap();
    assert_eq!(gdelt.lines().count() as u64, distinct);
    assert!(
        distinct < reports,
        "{distinct} clusters of {reports} reports"
    );
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let deduplicated = casus(&["query", "--db", db, "--dedup", "--format", "jsonl"], b"");
    assert_eq!(
        String::from_utf8_lossy(&deduplicated.stdout)
            .lines()
            .count() as u64,
        distinct
    );

    let parquet_dir = dir.path().join("parquet");
    let parquet = casus(
        &[
            "export",
            "--db",
            db,
            "--format",
            "parquet",
            "--out",
            parquet_dir.to_str().unwrap(),
        ],
        b"",
    );
    assert!(
        parquet.status.success(),
        "{}",
        String::from_utf8_lossy(&parquet.stderr)
    );
    assert!(parquet_dir.join("date=2015-10-01/part-0.parquet").exists());
    read_back_with_duckdb(&parquet_dir, reports);

    let dyads = casus(
        &["dyads", "--db", db, "--level", "country", "--format", "csv"],
        b"",
    );
    let dyads = String::from_utf8(dyads.stdout).unwrap();
    assert!(
        dyads.starts_with("date,source,target,verbal_coop"),
        "{dyads}"
    );
    assert!(dyads.lines().any(|l| l.contains(",USA,RUS,")), "{dyads}");

    let alerts = casus(&["alerts", "--db", db, "--json"], b"");
    assert!(
        alerts.status.success(),
        "{}",
        String::from_utf8_lossy(&alerts.stderr)
    );

    // Bad filter values and a missing database are clear errors.
    let bad = casus(&["query", "--db", db, "--cameo", "nineteen"], b"");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("CAMEO code `nineteen`"));
    let missing = casus(&["query", "--db", "/nonexistent/casus.db"], b"");
    assert!(String::from_utf8_lossy(&missing.stderr).contains("casus ingest"));
}

#[test]
fn dictionary_examples_code_as_written() {
    let dictionaries = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../resources/dictionaries");
    let out = casus(&["dict", "test", dictionaries.to_str().unwrap()], b"");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stderr.contains(" 0 failure(s)"), "{stderr}");

    // A wrong expectation is reported with its file and line.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("agents.txt"),
        "#! casus-dict agents v1\nagent MIL\n  noun troops\n  example Russian troops advanced. => FRAMIL\n",
    )
    .unwrap();
    let out = casus(&["dict", "test", dir.path().to_str().unwrap()], b"");
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("agents.txt:4: T001: example \"Russian troops advanced.\": expected first actor FRAMIL, got RUSMIL"),
        "{stdout}"
    );
}

#[test]
fn petrarch_dictionaries_import_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let actors = dir.path().join("my.actors.txt");
    std::fs::write(
        &actors,
        "# a PETRARCH actor dictionary\nZANDOR_KELVAN\n+PRESIDENT_KELVAN\n\t[RUSGOV >120101]\n\t[RUSELI]\nTHE_BLUE_FRONT_ [IMGBLU]\nBROKEN [RU]\n",
    )
    .unwrap();
    let agents = dir.path().join("my.agents.txt");
    std::fs::write(&agents, "FERRYMAN {FERRYMEN} [~AGR]\n").unwrap();
    let out_dir = dir.path().join("converted");
    let out = casus(
        &[
            "dict",
            "import-petrarch",
            "--actors",
            actors.to_str().unwrap(),
            "--agents",
            agents.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ],
        b"",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("my.actors.txt:7: P001: unreadable code `[RU]`"),
        "{stdout}"
    );
    let coded = casus(
        &[
            "code",
            "--input",
            "jsonl",
            "--dictionaries",
            out_dir.to_str().unwrap(),
        ],
        br#"{"id":"k","text":"Zandor Kelvan criticized the Blue Front.","date":"2014-03-01"}"#,
    );
    let v = lines(&coded);
    let e = &v[0]["events"][0];
    assert_eq!(e["source"]["code"], "RUSGOV", "{e}");
    assert_eq!(e["target"]["code"], "IMGBLU", "{e}");
    assert!(
        e["actor_provenance"][0]
            .as_str()
            .unwrap()
            .contains("people.txt"),
        "{e}"
    );
    // A broken dictionary directory stops the run before coding, naming the file.
    std::fs::write(
        out_dir.join("agents.txt"),
        "#! casus-dict agents v1\nagent\n",
    )
    .unwrap();
    let bad = casus(&["code", "--dictionaries", out_dir.to_str().unwrap()], b"x");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("agents.txt:2"));
}
