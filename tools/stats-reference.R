# Reference values for Tests/ForestStatsTests/MethodTests.swift, computed with R's metafor.
#
# The tests have these numbers pasted in as literals, so they run without R; this script is how
# to reproduce (or regenerate) them. Every value is printed with 17 significant digits, the
# shortest form that identifies a double, under the name of the test that uses it.
#
# usage: Rscript tools/stats-reference.R
#
# The data sets below are made up for the tests (no published data): keep them identical to the
# ones in MethodTests.swift.
suppressMessages(library(metafor))

num <- function(x) sprintf("%.17g", x)
show <- function(name, x) cat(sprintf("  %-22s %s\n", name, paste(num(x), collapse = ", ")))
section <- function(title) cat("\n", title, "\n", sep = "")

cat(sprintf("# %s, metafor %s\n", R.version.string, packageVersion("metafor")))

## Binary data: six trials, trial 3 with no events in the experimental arm (one zero cell).
bin <- data.frame(
  ai  = c(12,   5,  0,  30,  8,  17),
  n1i = c(100, 60, 40, 250, 75, 150),
  ci  = c(20,   9,  4,  41,  7,  29),
  n2i = c(98,  62, 41, 245, 80, 148)
)

## Generic data: eight estimates with their standard errors and a year for the cumulative analysis.
gen <- data.frame(
  yi   = c(-0.42, -0.10, -0.65, 0.12, -0.35, -0.80, -0.05, -0.28),
  sei  = c(0.18, 0.25, 0.30, 0.15, 0.22, 0.40, 0.12, 0.20),
  year = c(2004, 1998, 2010, 2001, 1998, 2015, 2007, 2012)
)
gen$vi <- gen$sei^2

## Small-study data for the bias tests: the less precise a study, the more negative its estimate.
bias <- data.frame(
  yi  = c(-0.10, -0.05, -0.22, -0.30, -0.45, -0.18, -0.62, -0.75, -0.40, -0.95),
  sei = c(0.08, 0.10, 0.14, 0.18, 0.22, 0.12, 0.30, 0.38, 0.26, 0.45)
)
bias$vi <- bias$sei^2

## Mantel–Haenszel: the estimate from the raw counts; k, QE from the study effects rma.mh
## computes with escalc(add = 1/2, to = "only0", drop00 = TRUE), which are printed first.
for (m in c("OR", "RR", "RD")) {
  fit <- rma.mh(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = bin, measure = m)
  section(sprintf("mantelHaenszel%s: rma.mh(ai, n1i, ci, n2i, measure=\"%s\")", m, m))
  show("yi", fit$yi)
  show("vi", fit$vi)
  show("k", fit$k.yi)
  show("estimate", fit$beta[1])
  show("se", fit$se)
  show("QE", fit$QE)
  show("QEp", fit$QEp)
}

## Peto's odds ratio.
fit <- rma.peto(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = bin)
section("petoOddsRatio: rma.peto(ai, n1i, ci, n2i)")
show("yi", fit$yi)
show("vi", fit$vi)
show("estimate", fit$beta[1])
show("se", fit$se)
show("QE", fit$QE)
show("QEp", fit$QEp)

## Inverse-variance random effects, one τ² estimator at a time (default control settings).
for (m in c("DL", "REML", "ML", "PM", "HE", "SJ", "EB")) {
  fit <- rma(yi, sei = sei, data = gen, method = m)
  section(sprintf("randomEffects%s: rma(yi, sei=sei, method=\"%s\")", m, m))
  show("tau2", fit$tau2)
  show("estimate", fit$beta[1])
  show("se", fit$se)
  show("QE", fit$QE)
  show("I2", fit$I2)
}

## Hartung–Knapp–Sidik–Jonkman with REML.
fit <- rma(yi, sei = sei, data = gen, method = "REML", test = "knha")
section("hartungKnappREML: rma(yi, sei=sei, method=\"REML\", test=\"knha\")")
show("tau2", fit$tau2)
show("estimate", fit$beta[1])
show("se", fit$se)
show("t", fit$zval)
show("df", fit$ddf)
show("p", fit$pval)
show("ci", c(fit$ci.lb, fit$ci.ub))
show("ci half-width", (fit$ci.ub - fit$ci.lb) / 2)

## Egger's test, the classical weighted regression yi ~ sei with weights 1/vi.
eg <- regtest(bias$yi, sei = bias$sei, model = "lm")
coefs <- summary(eg$fit)$coefficients
section("eggerRegression: regtest(yi, sei=sei, model=\"lm\")")
show("t", eg$zval)
show("df", eg$dfs)
show("p", eg$pval)
show("bias", coefs["Xsei", "Estimate"])
show("biasSE", coefs["Xsei", "Std. Error"])
show("biasCI", confint(eg$fit)["Xsei", ])
show("limitEstimate", eg$est)
show("limitCI", c(eg$ci.lb, eg$ci.ub))

## Begg and Mazumdar's rank correlation test (exact Kendall p-value: no ties here).
rk <- ranktest(bias$yi, sei = bias$sei)
section("beggRankCorrelation: ranktest(yi, sei=sei)")
show("tau", rk$tau)
show("p", rk$pval)

## Trim-and-fill, estimator L0, with a common-effect and a DerSimonian–Laird model, on the
## data and on their mirror image (which puts the missing studies on the other side).
for (m in c("EE", "DL")) for (sign in c(1, -1)) {
  fit <- rma(sign * yi, sei = sei, data = bias, method = m)
  tf <- trimfill(fit)
  section(sprintf("trimAndFill%s: trimfill(rma(%syi, sei=sei, method=\"%s\"))", m, if (sign < 0) "-" else "", m))
  cat(sprintf("  %-22s %d\n", "k0", tf$k0))
  cat(sprintf("  %-22s %s\n", "side", tf$side))
  show("filled", tf$yi[tf$fill])
  show("tau2", tf$tau2)
  show("estimate", tf$beta[1])
  show("se", tf$se)
}

## Leave-one-out and cumulative DerSimonian–Laird analyses of the generic data.
fit <- rma(yi, sei = sei, data = gen, method = "DL")
l1o <- leave1out(fit)
section("leaveOneOutDL: leave1out(rma(yi, sei=sei, method=\"DL\"))")
show("estimate", l1o$estimate)
show("se", l1o$se)
show("tau2", l1o$tau2)

# In metafor 3.8-1 `order` is the variable to sort by (ties keep file order).
cu <- cumul(fit, order = gen$year)
section("cumulativeDL: cumul(rma(yi, sei=sei, method=\"DL\"), order=year)")
cat(sprintf("  %-22s %s\n", "order (0-based)", paste(order(gen$year) - 1, collapse = ", ")))
show("estimate", cu$estimate)
show("se", cu$se)
show("tau2", cu$tau2)
