from ninja import Router

router = Router(tags=["기업 등록부"])
