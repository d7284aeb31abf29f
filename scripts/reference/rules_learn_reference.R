# rules_learn_reference.R: R's glm(family = binomial) on the rule terms that
# rules_learn_reference.py wrote, for tests/cli/test_rules_learn.sh and
# tests/unit/test_rules.c to compare 'leadscore train --from-rules' with.
#
#   Rscript rules_learn_reference.R TERMS.csv RULES.json OUT.csv
#
# OUT.csv: one row per term ("(Intercept)", then the rules by label) with
# estimate, std_error, z, p_value (NA when aliased), and a last row "(fit)"
# whose estimate is the log-likelihood and std_error the AUC of the linear
# predictor (Mann-Whitney, ties counting half).
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
# labels without a JSON package: every "label": "..." in rule order
txt <- paste(readLines(args[2], warn = FALSE), collapse = "\n")
m <- regmatches(txt, gregexpr('"label"[[:space:]]*:[[:space:]]*"([^"\\\\]|\\\\.)*"', txt))[[1]]
labels <- sub('^"label"[[:space:]]*:[[:space:]]*"', "", sub('"$', "", m))
terms <- setdiff(names(d), "y")
stopifnot(length(labels) == length(terms))
fit <- glm(reformulate(terms, "y"), family = binomial, data = d,
           control = glm.control(epsilon = 1e-14, maxit = 100))
co <- coef(fit)
s <- summary(fit)$coefficients
out <- data.frame(term = c("(Intercept)", labels), estimate = NA_real_, std_error = NA_real_, z = NA_real_,
                  p_value = NA_real_)
for (k in seq_along(co)) {
  name <- names(co)[k]
  row <- if (name == "(Intercept)") 1 else match(name, terms) + 1
  if (!is.na(co[k])) {
    out[row, 2:5] <- s[name, 1:4]
  }
}
eta <- predict(fit, type = "link")
r <- rank(eta)
n1 <- sum(d$y == 1)
n0 <- sum(d$y == 0)
auc <- (sum(r[d$y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
out <- rbind(out, data.frame(term = "(fit)", estimate = as.numeric(logLik(fit)), std_error = auc, z = NA,
                             p_value = NA))
write.csv(format(out, digits = 17), args[3], row.names = FALSE, quote = TRUE)
