import type { HttpContext } from '@adonisjs/core/http'
import type { ClinicTemplateName } from '#services/printing/templates'
import { pickLang } from '#services/printing/ticket_texts'
import { previewPdf, templateGuide } from '#services/printing/template_previews'
import { templateGuideQueryValidator, templatePreviewValidator } from '#validators/printing'

/**
 * The admin panel's help with a clinic's own receipt and ticket templates
 * (settings `printing.template.*`): the built-in source to start from, the
 * variables, and a PDF preview of an unsaved template with sample data.
 */
export default class PrintTemplatesController {
  /** GET /api/admin/print-templates/:name?lang → {name, source, variables} */
  async show(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(templateGuideQueryValidator, {
      data: ctx.request.qs(),
    })
    return templateGuide(
      ctx.params.name as ClinicTemplateName,
      pickLang(input.lang, ctx.i18n.locale)
    )
  }

  /** POST /api/admin/print-templates/:name/preview {source, lang?} → application/pdf */
  async preview(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(templatePreviewValidator)
    const lang = pickLang(input.lang, ctx.i18n.locale)
    const pdf = await previewPdf(ctx.params.name as ClinicTemplateName, input.source, lang)
    return ctx.response
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${ctx.params.name}-preview.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf)
  }
}
