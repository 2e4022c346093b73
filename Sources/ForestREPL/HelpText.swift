/// The REPL's `:help` texts.
public enum HelpText {
    public static let topics = [
        "commands", "study", "studies", "characteristics", "rob", "prisma", "finding", "outcome", "defaults", "label",
        "pool",
        "sensitivity",
        "cumulative",
        "bias", "metareg", "influence", "forest",
        "funnel", "labbe", "galbraith",
        "review", "report",
    ]

    static let overview = """
        Forest — write studies and analyses; each statement runs when entered.

          study "LABEL" [ATTRIBUTE VALUE]* < OUTCOME: DATA, … >   define a study
          studies from "FILE.csv" [outcome NAME] [rows by NAME]    read studies from a CSV file
          characteristics [ATTRIBUTE ["TITLE"]]* [to "FILE.md"]    the table of study characteristics
          rob "LABEL" DOMAIN LEVEL … ; rob graph|summary to "F.svg"  risk of bias
          prisma FIELD COUNT … ; prisma to "FILE.svg"               the PRISMA 2020 flow diagram
          finding OUTCOME [downgrade …] ; findings [to "FILE"]       the summary of findings
          outcome NAME [label "…"] [scale log] [pool options]      name an outcome, set its analyses
          defaults [pool options]                                  options for every analysis
          pool OUTCOME [options] [by ATTRIBUTE]                    pool an outcome (subgroups with by)
          label ATTRIBUTE VALUE "TEXT" …                           name the subgroups of by ATTRIBUTE
          sensitivity OUTCOME leave-one-out | exclude ATTR VALUE | exclude "LABEL" …
          cumulative OUTCOME [by ATTRIBUTE]                        cumulative meta-analysis
          bias OUTCOME egger|begg|trimfill|peters|rosenthal|…      small-study effects, fail-safe N
          metareg OUTCOME on ATTRIBUTE …                          meta-regression
          influence OUTCOME [to "FILE"]                            influence diagnostics, Baujat plot
          forest OUTCOME [to "FILE.svg"]; funnel, labbe, galbraith  figures
          report to "FILE.html|.md"                                the whole review in one file

        Commands: :help [TOPIC], :explain ID, :studies, :outcomes, :show "LABEL", :load FILE,
                  :save FILE, :undo, :drop "LABEL", :reset, :quit.   Topics: \(topics.joined(separator: ", ")).
        Keys: Tab completes, Up/Down recall, Ctrl-R searches history, Ctrl-C drops the line,
              Ctrl-D quits (on a continuation line it drops the unfinished statement).
              A study's < … > may span lines.
        """

    public static func text(for topic: String) -> String? {
        switch topic {
        case "commands":
            return """
                :help [TOPIC]   this help, or help on a statement
                :explain ID     what a diagnostic means, an example, how to fix it
                :studies        the studies defined so far
                :outcomes       the outcomes, their data type and number of studies
                :show "LABEL"   one study's definition
                :load FILE      run a script into this session
                :save FILE      write this session as a script that reproduces it, keeping
                                the comments above loaded statements (:save! FILE replaces
                                an existing file)
                :undo           take back the last entry that changed the session
                :drop "LABEL"   remove a study; lists the results that included it
                :reset          forget everything
                :quit           leave (Ctrl-D does too)
                """
        case "study":
            return """
                study "LABEL" [ATTRIBUTE VALUE]* < OUTCOME: DATA (, OUTCOME: DATA)* >
                  binary:      OUTCOME: events/total vs events/total        (experimental arm first)
                  continuous:  OUTCOME: mean sd SD n N vs mean sd SD n N
                  generic:     OUTCOME: estimate se SE                      (analysis scale, e.g. log HR)
                  O − E:       OUTCOME: O-E var V                           (RevMan's; HR or POR)
                  proportion:  OUTCOME: events/total                        (one group; PLO, PR, PFT)
                  rates:       OUTCOME: events per time vs events per time  (IRR, IRD)
                  correlation: OUTCOME: r n N                               (ZCOR, COR)
                e.g.  study "Ke 2011" year 2011 stage "I" < PR: 12/30 vs 6/30, PD: 4/30 vs 10/30 >
                One row per subgroup:  < CR[stage "I"]: 1/10 vs 0/9, CR[stage "II"]: 2/11 vs 1/12 >
                """
        case "rob":
            return """
                rob "LABEL" DOMAIN LEVEL ["SUPPORT"] …     a study's risk-of-bias judgements
                rob graph|summary to "FILE.svg"            the RoB graph or summary
                  RoB 1: sequence allocation performance detection attrition reporting other
                         (low, unclear, high)
                  RoB 2: randomisation deviations missing measurement selection overall
                         (low, some-concerns, high)
                e.g.  rob "Ke 2011" sequence low "Random number table" allocation unclear …
                """
        case "report":
            return """
                report to "FILE.html|.md"
                  The whole review so far in one file: methods (from the options used), the
                  PRISMA flow, the study characteristics, the risk-of-bias graph and summary,
                  every analysis in order with its result in a sentence, forest plot and table,
                  and the summary of findings. HTML is one self-contained page (figures inline,
                  nothing fetched, prints cleanly); Markdown holds the same.
                e.g.  report to "review.html"
                """
        case "finding", "findings":
            return """
                finding OUTCOME [risk N] [downgrade DOMAIN 1|2 ["REASON"]]* [pool options]
                findings [to "FILE.md|.html|.csv"]
                  A row of the summary of findings per `finding`; `findings` shows the table.
                  Domains: bias, inconsistency, indirectness, imprecision, publication.
                e.g.  finding PR downgrade imprecision 1 "Few events"
                """
        case "prisma":
            return """
                prisma FIELD COUNT … | prisma to "FILE.svg"
                  Counts of the PRISMA 2020 flow diagram, each once: databases, registers, other
                  (a number, unknown, or "Source" N, …), duplicates, automation, removed,
                  screened, excluded, sought, unretrieved, assessed, reasons ("Reason" N, …),
                  studies, reports. `prisma to` checks the arithmetic and draws the diagram.
                e.g.  prisma databases "PubMed" 2706, "Embase" 1972 duplicates 441 screened 4237
                """
        case "characteristics":
            return """
                characteristics [ATTRIBUTE ["TITLE"]]* [to "FILE.md|.html|.csv"]
                  The table of study characteristics: a row per study, a column per attribute
                  (all of them when none is named), under its title when one follows.
                e.g.  characteristics year "Year" arm_e "Experimental arm" arm_c "Control arm"
                """
        case "studies":
            return """
                studies from "FILE.csv" [outcome NAME] [rows by NAME] [columns NAME "HEADER" …]
                  A header row, then one row per study and outcome; the path is relative to the
                  script's folder (in the REPL, the current directory).
                  Columns: study; outcome (unless `outcome NAME`); ai n1i ci n2i (binary);
                  m1i sd1i n1i m2i sd2i n2i (continuous); yi sei (generic); oe var (O − E);
                  xi ni (proportion); x1i t1i x2i t2i (rates); ri ni (correlation); any other:
                  an attribute.
                  A row of a study defined before adds its data to that study.
                e.g.  studies from "pr.csv" outcome PR
                      studies from "hr.csv" outcome OS columns study "Trial" yi "logHR" sei "SE"
                """
        case "outcome":
            return """
                outcome NAME [label "…"] [arms "EXPERIMENTAL" "CONTROL"] [favours "LEFT" "RIGHT"]
                             [scale log|identity] [effect "…"] [pool options but by]
                Pool options here apply to every analysis of the outcome; a statement's own win.
                e.g.  outcome OS scale log effect "Hazard Ratio" label "Overall survival"
                      outcome CR label "Complete response" model random tau DL
                """
        case "defaults":
            return """
                defaults [pool options but by]        once, for every analysis after it
                Precedence: a statement's options, then the outcome's, then these.
                e.g.  defaults model random convention metafor
                """
        case "label":
            return """
                label ATTRIBUTE VALUE "TEXT" [VALUE "TEXT" …]
                The heading of each subgroup of `by ATTRIBUTE` with that value (else "stage = I").
                e.g.  label stage "I" "Stage I (BCLC A)" "II" "Stage II (BCLC B)"
                """
        case "pool":
            return """
                pool OUTCOME [measure OR|RR|RD|MD|SMD|HR|POR|PLO|PR|PFT|IRR|IRD|ZCOR|COR]
                             [method MH|IV|Peto] [model fixed|random]
                             [tau DL|REML|ML|PM|HE|SJ|EB] [hksj] [level NUMBER]
                             [convention revman|metafor] [by ATTRIBUTE] [only ATTRIBUTE VALUE]
                             [sort label|effect|weight|ATTRIBUTE [descending]] [nnt CONTROL-RISK]
                             [common-tau]  (with by: also the subgroups under one τ²)
                Defaults: binary → measure OR method MH model fixed; continuous → measure MD;
                generic → method IV; O − E → HR; proportion → PLO; rates → IRR; correlation →
                ZCOR (all by IV); model random → tau DL; level 95; convention revman.
                e.g.  pool PR model random by stage
                """
        case "sensitivity":
            return """
                sensitivity OUTCOME leave-one-out [pool options] [to "FILE.svg|.png|.pdf"]
                sensitivity OUTCOME exclude ATTRIBUTE VALUE [pool options]
                sensitivity OUTCOME exclude "LABEL" ["LABEL" …] [pool options]
                e.g.  sensitivity PR leave-one-out model random
                `to`: a forest plot of the rows, one pooled result a row.
                """
        case "cumulative":
            return """
                cumulative OUTCOME [by ATTRIBUTE] [pool options] [to "FILE"]   (default order: year)
                `to`: a forest plot of the rows, one pooled result a row.
                """
        case "bias":
            return """
                bias OUTCOME egger|begg|trimfill|peters|harbord|rosenthal|rosenberg|orwin [pool options]
                bias OUTCOME trimfill [estimator L0|R0] [side left|right] [pool options]
                bias OUTCOME orwin [target EFFECT] [pool options]
                Egger's regression test, Begg's rank correlation test, trim-and-fill (L0), Peters'
                regression on 1/N, Harbord's score test (odds ratios), and the fail-safe N of
                Rosenthal (Stouffer, one-sided α 0.05), Rosenberg (weighted) and Orwin (studies of
                no effect bringing the mean to the target, by default half the mean; the target
                on the scale shown, e.g. an odds ratio).
                """
        case "influence":
            return """
                influence OUTCOME [pool options but by] [to "FILE"]
                Each study's residual, DFFITS, Cook's distance, covariance ratio, τ² and QE without
                it, hat value and weight; * marks an influential study (metafor's rules).
                `to`: the Baujat plot (heterogeneity contribution against influence).
                e.g.  influence TB measure RR model random tau REML to "baujat.svg"
                """
        case "metareg":
            return """
                metareg OUTCOME on ATTRIBUTE [ATTRIBUTE …] [pool options but by] [reference ATTRIBUTE VALUE]
                        [to "FILE"]   (a bubble plot: one continuous moderator)
                A number attribute is a continuous moderator; any other is categorical, its levels
                sorted, the first the reference (or the one `reference` names).
                e.g.  metareg TB on ablat alloc measure RR model random tau REML hksj
                """
        case "forest", "funnel", "labbe", "galbraith":
            return """
                forest OUTCOME [pool options] [by ATTRIBUTE] [sort KEY] [prediction] [ascii] [to "FILE"]
                funnel OUTCOME [pool options] [contours] [trimfill] to "FILE"
                labbe OUTCOME [pool options] to "FILE"        each arm's risk (binary data)
                galbraith OUTCOME [pool options] to "FILE"    z against precision, with the ±2 band
                Without `to`, a forest plot is drawn in the terminal; the others always need a file.
                FILE ends in .svg, .png (300 dpi) or .pdf.
                A forest plot drawn to a file also takes:
                  xlim LOWER UPPER      the axis (as effects: ratios as ratios), around no effect
                  ticks V V …           tick marks at these effects (with xlim)
                  decimals N            of the estimates in the table, 0–6 (2)
                  columns data weight rob   which columns to show beside study and estimate
                  colours squares|diamonds|prediction "COLOUR" …   "#rrggbb", "#rgb" or a name
                  fontsize N            6–24 points (11)     title "TEXT"     width N (pixels, 280)
                e.g.  forest PR xlim 0.2 5 decimals 3 columns weight title "PR" to "pr.svg"
                """
        case "review":
            return "review \"TITLE\"     the review's title"
        default:
            return nil
        }
    }
}
