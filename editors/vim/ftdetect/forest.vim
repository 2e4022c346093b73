" Forest scripts
autocmd BufRead,BufNewFile *.forest setfiletype forest
