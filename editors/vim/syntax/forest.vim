" Vim syntax file
" Language:     Forest, a plain-text language for meta-analysis (.forest)
" Maintainer:   the Forest project (Grammar/forest.ebnf is normative)
"
" The word lists are Grammar/forest.tmLanguage.json's (a test keeps them equal); keywords are
" contextual, so a statement's first word is highlighted as a statement, the grammar's other
" words as keywords or constants, and inside a study's < … > the data words (vs, sd, se, n,
" per, var), numbers and outcome names.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn iskeyword @,48-57,_,-
syn case match

syn match forestComment "#.*$" contains=@Spell
syn region forestString start=+"+ skip=+\\[\\"]+ end=+"\|$+ oneline contains=forestEscape
syn match forestEscape +\\[\\"]+ contained
syn match forestNumber "\%([[:alnum:]_.]\)\@<![-+]\=\%(\d\+\%(\.\d*\)\=\|\.\d\+\)\%([eE][-+]\=\d\+\)\=\%([[:alnum:]_.]\)\@!"
syn match forestStatement "\%(^\|;\)\s*\zs\%(bias\|characteristics\|cumulative\|defaults\|finding\|findings\|forest\|funnel\|galbraith\|influence\|labbe\|label\|metareg\|outcome\|pool\|prisma\|report\|review\|rob\|sensitivity\|studies\|study\)\>"
syn keyword forestConstant COR DL EB HE HR IRD IRR IV L0 MD MH ML OR PFT PLO PM POR PR Peto R0 RD
syn keyword forestConstant REML RR SJ SMD ZCOR ascending descending fixed high identity left log
syn keyword forestConstant low metafor random revman right some-concerns unclear unknown
syn keyword forestKeyword allocation arms ascii assessed attrition automation begg by colours
syn keyword forestKeyword columns common-tau contours convention data databases decimals detection
syn keyword forestKeyword deviations diamonds downgrade duplicates effect egger estimator exclude
syn keyword forestKeyword excluded favours fontsize from graph harbord hksj imprecision
syn keyword forestKeyword inconsistency indirectness leave-one-out level measure measurement
syn keyword forestKeyword method missing model nnt on only orwin other overall performance peters
syn keyword forestKeyword prediction publication randomisation reasons reference registers removed
syn keyword forestKeyword reporting reports risk rosenberg rosenthal rows scale screened selection
syn keyword forestKeyword sequence side sort sought squares summary target tau ticks title to
syn keyword forestKeyword trimfill unretrieved weight width xlim

syn region forestData matchgroup=forestDelimiter start="<" end=">" contains=forestComment,forestString,forestNumber,forestOperator,forestOutcome,forestQualifier
syn keyword forestOperator contained n per sd se var vs
syn match forestOutcome contained "\<\h\w*\ze\s*[[:]"
syn region forestQualifier matchgroup=forestDelimiter start="\[" end="\]" contained contains=forestString,forestNumber

hi def link forestComment Comment
hi def link forestString String
hi def link forestEscape SpecialChar
hi def link forestNumber Number
hi def link forestStatement Statement
hi def link forestKeyword Keyword
hi def link forestConstant Constant
hi def link forestOperator Operator
hi def link forestOutcome Identifier
hi def link forestDelimiter Delimiter

let b:current_syntax = "forest"

let &cpo = s:cpo_save
unlet s:cpo_save
