fn main() {
    let t = std::time::Instant::now();
    let g = casus_geo::Gazetteer::builtin().unwrap();
    println!("{:?} in {:?}", g, t.elapsed());
    for n in [
        "Aleppo",
        "Kiev",
        "Tripoli",
        "Donbass",
        "Idlib",
        "Washington",
        "Gaza Strip",
    ] {
        let rows: Vec<String> = g
            .lookup(n)
            .iter()
            .take(3)
            .map(|e| {
                format!(
                    "{} {} {} {:?}",
                    e.name,
                    e.kind.as_str(),
                    e.countries,
                    e.population
                )
            })
            .collect();
        println!("{n}: {rows:?}");
    }
}
