"""The mall's forms, one module per area: buyers (institutions, targets, promotions), catalog
(vendors and products), orders (cart, quotes, orders). They parse input; the services decide."""
