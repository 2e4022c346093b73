/// The publications a report's methods paragraph cites: how the text cites each, and its
/// entry in the list of references.
enum Citation: CaseIterable {
    case revman, metafor, mantelHaenszel, greenlandRobins, yusuf, dersimonianLaird, viechtbauer2005
    case pauleMandel, hedges1983, sidikJonkman2005, morris, hartungKnapp, sidikJonkman2002
    case higginsThompson, qProfile, prediction, egger, begg, duvalTweedie, peters, rob1, rob2, grade, prisma
    case thompsonHiggins, knappHartung
    case petersTest, harbord, rosenthal, rosenberg, orwin

    /// How the text cites it: `DerSimonian & Laird 1986`.
    var short: String {
        switch self {
        case .revman: "Deeks & Higgins 2010"
        case .metafor: "Viechtbauer 2010"
        case .mantelHaenszel: "Mantel & Haenszel 1959"
        case .greenlandRobins: "Greenland & Robins 1985"
        case .yusuf: "Yusuf et al. 1985"
        case .dersimonianLaird: "DerSimonian & Laird 1986"
        case .viechtbauer2005: "Viechtbauer 2005"
        case .pauleMandel: "Paule & Mandel 1982"
        case .hedges1983: "Hedges 1983"
        case .sidikJonkman2005: "Sidik & Jonkman 2005"
        case .morris: "Morris 1983"
        case .hartungKnapp: "Hartung & Knapp 2001"
        case .sidikJonkman2002: "Sidik & Jonkman 2002"
        case .higginsThompson: "Higgins & Thompson 2002"
        case .qProfile: "Viechtbauer 2007"
        case .prediction: "Higgins, Thompson & Spiegelhalter 2009"
        case .egger: "Egger et al. 1997"
        case .begg: "Begg & Mazumdar 1994"
        case .duvalTweedie: "Duval & Tweedie 2000"
        case .peters: "Peters et al. 2008"
        case .rob1: "Higgins et al. 2011"
        case .rob2: "Sterne et al. 2019"
        case .grade: "Guyatt et al. 2013"
        case .prisma: "Page et al. 2021"
        case .thompsonHiggins: "Thompson & Higgins 2002"
        case .knappHartung: "Knapp & Hartung 2003"
        case .petersTest: "Peters et al. 2006"
        case .harbord: "Harbord, Egger & Sterne 2006"
        case .rosenthal: "Rosenthal 1979"
        case .rosenberg: "Rosenberg 2005"
        case .orwin: "Orwin 1983"
        }
    }

    /// The entry in the list of references.
    var reference: String {
        switch self {
        case .revman:
            "Deeks JJ, Higgins JPT. Statistical algorithms in Review Manager 5. The Cochrane Collaboration; 2010."
        case .thompsonHiggins:
            "Thompson SG, Higgins JPT. How should meta-regression analyses be undertaken and interpreted? Stat Med. 2002;21(11):1559–1573."
        case .knappHartung:
            "Knapp G, Hartung J. Improved tests for a random effects meta-regression with a single covariate. Stat Med. 2003;22(17):2693–2710."
        case .petersTest:
            "Peters JL, Sutton AJ, Jones DR, Abrams KR, Rushton L. Comparison of two methods to detect publication bias in meta-analysis. JAMA. 2006;295(6):676–680."
        case .harbord:
            "Harbord RM, Egger M, Sterne JAC. A modified test for small-study effects in meta-analyses of controlled trials with binary endpoints. Stat Med. 2006;25(20):3443–3457."
        case .rosenthal:
            "Rosenthal R. The file drawer problem and tolerance for null results. Psychol Bull. 1979;86(3):638–641."
        case .rosenberg:
            "Rosenberg MS. The file-drawer problem revisited: a general weighted method for calculating fail-safe numbers in meta-analysis. Evolution. 2005;59(2):464–468."
        case .orwin:
            "Orwin RG. A fail-safe N for effect size in meta-analysis. J Educ Stat. 1983;8(2):157–159."
        case .metafor:
            "Viechtbauer W. Conducting meta-analyses in R with the metafor package. J Stat Softw. 2010;36(3):1–48."
        case .mantelHaenszel:
            "Mantel N, Haenszel W. Statistical aspects of the analysis of data from retrospective studies of disease. J Natl Cancer Inst. 1959;22(4):719–748."
        case .greenlandRobins:
            "Greenland S, Robins JM. Estimation of a common effect parameter from sparse follow-up data. Biometrics. 1985;41(1):55–68."
        case .yusuf:
            "Yusuf S, Peto R, Lewis J, Collins R, Sleight P. Beta blockade during and after myocardial infarction: an overview of the randomized trials. Prog Cardiovasc Dis. 1985;27(5):335–371."
        case .dersimonianLaird:
            "DerSimonian R, Laird N. Meta-analysis in clinical trials. Control Clin Trials. 1986;7(3):177–188."
        case .viechtbauer2005:
            "Viechtbauer W. Bias and efficiency of meta-analytic variance estimators in the random-effects model. J Educ Behav Stat. 2005;30(3):261–293."
        case .pauleMandel:
            "Paule RC, Mandel J. Consensus values and weighting factors. J Res Natl Bur Stand. 1982;87(5):377–385."
        case .hedges1983:
            "Hedges LV. A random effects model for effect sizes. Psychol Bull. 1983;93(2):388–395."
        case .sidikJonkman2005:
            "Sidik K, Jonkman JN. Simple heterogeneity variance estimation for meta-analysis. J R Stat Soc Ser C. 2005;54(2):367–384."
        case .morris:
            "Morris CN. Parametric empirical Bayes inference: theory and applications. J Am Stat Assoc. 1983;78(381):47–55."
        case .hartungKnapp:
            "Hartung J, Knapp G. A refined method for the meta-analysis of controlled clinical trials with binary outcome. Stat Med. 2001;20(24):3875–3889."
        case .sidikJonkman2002:
            "Sidik K, Jonkman JN. A simple confidence interval for meta-analysis. Stat Med. 2002;21(21):3153–3159."
        case .higginsThompson:
            "Higgins JPT, Thompson SG. Quantifying heterogeneity in a meta-analysis. Stat Med. 2002;21(11):1539–1558."
        case .qProfile:
            "Viechtbauer W. Confidence intervals for the amount of heterogeneity in meta-analysis. Stat Med. 2007;26(1):37–52."
        case .prediction:
            "Higgins JPT, Thompson SG, Spiegelhalter DJ. A re-evaluation of random-effects meta-analysis. J R Stat Soc Ser A. 2009;172(1):137–159."
        case .egger:
            "Egger M, Davey Smith G, Schneider M, Minder C. Bias in meta-analysis detected by a simple, graphical test. BMJ. 1997;315(7109):629–634."
        case .begg:
            "Begg CB, Mazumdar M. Operating characteristics of a rank correlation test for publication bias. Biometrics. 1994;50(4):1088–1101."
        case .duvalTweedie:
            "Duval S, Tweedie R. Trim and fill: a simple funnel-plot-based method of testing and adjusting for publication bias in meta-analysis. Biometrics. 2000;56(2):455–463."
        case .peters:
            "Peters JL, Sutton AJ, Jones DR, Abrams KR, Rushton L. Contour-enhanced meta-analysis funnel plots help distinguish publication bias from other causes of asymmetry. J Clin Epidemiol. 2008;61(10):991–996."
        case .rob1:
            "Higgins JPT, Altman DG, Gøtzsche PC, et al. The Cochrane Collaboration's tool for assessing risk of bias in randomised trials. BMJ. 2011;343:d5928."
        case .rob2:
            "Sterne JAC, Savović J, Page MJ, et al. RoB 2: a revised tool for assessing risk of bias in randomised trials. BMJ. 2019;366:l4898."
        case .grade:
            "Guyatt GH, Oxman AD, Santesso N, et al. GRADE guidelines: 12. Preparing summary of findings tables—binary outcomes. J Clin Epidemiol. 2013;66(2):158–172."
        case .prisma:
            "Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 statement: an updated guideline for reporting systematic reviews. BMJ. 2021;372:n71."
        }
    }
}
