# Recomputes the metafor-convention cumulative analyses of a reference case, adding studies in
# order of `year` (ties in file order), and checks the recipe first: with the order the shared
# reference generator actually used it must reproduce the shared rows.
#
# Why: shared/reference called cumul(..., order=order(dat$year, seq_len(nrow(dat)))), but in
# metafor 3.8-1 `order` is the variable to sort by (metafor itself warns "Use of order() in
# 'order' argument is probably erroneous"), so those rows add the studies in the inverse
# permutation of year order, not in year order as the reference README states. The RevMan
# convention rows of the same cases do use year order.
#
# usage: Rscript tools/reference/cumulative.R CASE.json CASE.csv OUT.json
suppressMessages({ library(metafor); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
spec <- fromJSON(args[1], simplifyVector = FALSE)
dat <- read.csv(args[2], colClasses = c(study = "character"))
for (col in setdiff(names(dat), c("study", "group"))) dat[[col]] <- as.double(dat[[col]])

# Studies with an estimate: rma.mh and rma.peto count them in k.yi (double-zero tables drop out).
k_of <- function(fit) if (!is.null(fit$k.yi)) fit$k.yi else fit$k

# One row of a cumulative analysis: the model of the call refitted on `rows`.
fit_row <- function(call_text, rows, added) {
  inner <- sub("^cumul\\((.*), order=.*\\)$", "\\1", call_text)
  sub_dat <- dat[rows, , drop = FALSE]
  expr <- parse(text = gsub("data=dat", "data=sub_dat", inner))[[1]]
  fit <- try(suppressWarnings(eval(expr)), silent = TRUE)
  ratio <- grepl('measure="(OR|RR)"', inner) || grepl("rma.peto", inner)
  k <- if (inherits(fit, "try-error")) {
    es <- try(suppressWarnings(eval(parse(text = sub("^(rma\\.[a-z]+)\\(", "escalc(", gsub("data=dat", "data=sub_dat", gsub(', method="[A-Z]+"', "", inner)))))), silent = TRUE)
    if (inherits(es, "try-error")) NA else sum(!is.na(es$yi))
  } else k_of(fit)
  if (inherits(fit, "try-error") || is.na(fit$beta[1])) {
    kk <- if (inherits(fit, "try-error")) k else k_of(fit)
    return(list(added = added, k = kk, estimate = NULL, ci_lower = NULL, ci_upper = NULL, log_estimate = NULL,
                se = NULL, z = NULL, p = NULL,
                Q = if (inherits(fit, "try-error")) NULL else fit$QE, df = kk - 1,
                I2 = if (inherits(fit, "try-error")) NULL else fit$I2, tau2 = if (inherits(fit, "try-error")) NULL else fit$tau2))
  }
  tr <- if (ratio) exp else identity
  row <- list(added = added, k = k_of(fit), estimate = tr(fit$beta[1]), ci_lower = tr(fit$ci.lb), ci_upper = tr(fit$ci.ub),
              log_estimate = fit$beta[1], se = fit$se)
  if (fit$test == "z") row$z <- fit$zval else { row$t <- fit$zval; row$t_df <- fit$ddf }
  c(row, list(p = fit$pval, Q = fit$QE, df = k_of(fit) - 1, I2 = fit$I2, tau2 = fit$tau2))
}

rows_for <- function(a, order_index) {
  lapply(seq_along(order_index), function(i) fit_row(a$call, order_index[1:i], dat$study[order_index[i]]))
}

close_enough <- function(x, y) {
  if (is.null(y)) return(is.null(x) || is.na(x))
  if (is.character(y)) return(identical(x, y))
  abs(x - y) <= 1e-9 * max(abs(x), abs(y)) + 1e-12
}

as_used <- order(order(dat$year, seq_len(nrow(dat))))  # what the shared generator did
by_year <- order(dat$year, seq_len(nrow(dat)))           # what its README describes
out <- spec
for (j in seq_along(spec$analyses)) {
  a <- spec$analyses[[j]]
  if (a$kind != "cumulative" || a$convention != "metafor") next
  check <- rows_for(a, as_used)
  # k and df are not compared: in collins1985a the shared M-H rows give k = 11, df = 10 at row 12
  # although that row's own Q and I² imply df = 11 (12 studies with an estimate, as metafor's
  # k.yi says); every other field is.
  for (i in seq_along(check)) for (f in setdiff(names(a$rows[[i]]), c("k", "df"))) {
    if (!close_enough(check[[i]][[f]], a$rows[[i]][[f]])) stop(sprintf("recipe does not reproduce %s row %d field %s", a$call, i, f))
  }
  out$analyses[[j]]$rows <- rows_for(a, by_year)
  out$analyses[[j]]$call <- sub("order=order\\(dat\\$year, seq_len\\(nrow\\(dat\\)\\)\\)\\)$", "order=dat$year)", a$call)
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(15), null = "null", pretty = FALSE), args[3])
